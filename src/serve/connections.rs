//! Connections the preview accepts, and how long a silent one may hold its place.
//!
//! axum's `serve` runs hyper without a timer, so hyper's own header read timeout never fires: a
//! client that opens connections and never finishes a request (slowloris) or stops reading a
//! response would keep each one forever, and enough of them would exhaust the process's file
//! descriptors. The listener here caps the connections open at once, and a connection is closed
//! when the server has written nothing to it for `STALL` while waiting on it: a request head
//! must arrive within it (bytes trickling in do not extend it), an idle keep-alive connection
//! lasts that long, and a client that stops reading a response is dropped.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::serve::Listener;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};

/// Longer than the event stream's keep-alive interval (`http.rs`), so an open page's stream,
/// which the server writes to at least that often, is never taken for a stalled client.
pub const STALL: Duration = Duration::from_secs(10);

/// Far more than the pages a writer has open (each holds one event stream and a few fetches),
/// and well under the usual limit of 1,024 open files, so the watcher and the copied files read
/// on request always find a descriptor. Beyond it, new connections wait in the kernel's queue
/// until one closes.
pub const MAX_CONNECTIONS: usize = 512;

/// A TCP listener that hands out at most `MAX_CONNECTIONS` connections at a time.
pub struct Limited {
    listener: TcpListener,
    slots: Arc<Semaphore>,
}

impl Limited {
    pub fn new(listener: TcpListener) -> Limited {
        Limited {
            listener,
            slots: Arc::new(Semaphore::new(MAX_CONNECTIONS)),
        }
    }
}

impl Listener for Limited {
    type Io = Guarded;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Guarded, std::net::SocketAddr) {
        // The semaphore is never closed, so acquiring only waits.
        let permit = self
            .slots
            .clone()
            .acquire_owned()
            .await
            .expect("the connection semaphore stays open");
        let (stream, addr) = Listener::accept(&mut self.listener).await;
        (Guarded::new(stream, permit), addr)
    }

    fn local_addr(&self) -> io::Result<std::net::SocketAddr> {
        self.listener.local_addr()
    }
}

/// A connection that fails its pending read or write once nothing was written for `STALL`, and
/// gives its slot back when dropped.
pub struct Guarded {
    stream: TcpStream,
    deadline: Pin<Box<Sleep>>,
    _slot: OwnedSemaphorePermit,
}

impl Guarded {
    fn new(stream: TcpStream, slot: OwnedSemaphorePermit) -> Guarded {
        Guarded {
            stream,
            deadline: Box::pin(tokio::time::sleep(STALL)),
            _slot: slot,
        }
    }

    /// Called when an operation is pending: an error once the deadline has passed (the waker is
    /// registered with the timer otherwise, so a silent peer still gets noticed).
    fn stalled(&mut self, cx: &mut Context<'_>) -> Option<io::Error> {
        self.deadline.as_mut().poll(cx).is_ready().then(|| {
            io::Error::new(
                io::ErrorKind::TimedOut,
                "no progress on the connection for too long",
            )
        })
    }
}

impl AsyncRead for Guarded {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        // Reading does not move the deadline: a client that sends its request a byte at a time
        // must still finish it within `STALL`; only the server's answer does.
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Pending => match this.stalled(cx) {
                Some(error) => Poll::Ready(Err(error)),
                None => Poll::Pending,
            },
            ready => ready,
        }
    }
}

impl Guarded {
    /// A write's outcome: progress moves the deadline, a write pending past it fails.
    fn wrote(
        &mut self,
        cx: &mut Context<'_>,
        result: Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        match result {
            Poll::Ready(Ok(written)) => {
                if written > 0 {
                    self.deadline.as_mut().reset(Instant::now() + STALL);
                }
                Poll::Ready(Ok(written))
            }
            Poll::Pending => match self.stalled(cx) {
                Some(error) => Poll::Ready(Err(error)),
                None => Poll::Pending,
            },
            error => error,
        }
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.wrote(cx, result)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.wrote(cx, result)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}
