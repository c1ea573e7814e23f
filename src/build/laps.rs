//! How long each stage of a rebuild took, and how high the process's memory had peaked when it
//! ended (`portico build -v`): where a slow or large build spends its time and its memory.

use std::time::{Duration, Instant};

/// One stage of a rebuild.
#[derive(Debug, Clone, PartialEq)]
pub struct Lap {
    pub stage: &'static str,
    pub time: Duration,
    /// The process's peak resident set size so far, in bytes, when the stage ended: it only
    /// grows, so the stage where it jumps is the one that raised the peak. `None` where the
    /// system does not say (not Linux), or for a part of a stage.
    pub peak_rss: Option<u64>,
}

/// Records the stages of one rebuild as they end.
pub(crate) struct Stopwatch {
    last: Instant,
    pub laps: Vec<Lap>,
}

impl Stopwatch {
    pub fn start() -> Self {
        Stopwatch {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push(Lap {
            stage,
            time: now - self.last,
            peak_rss: peak_rss(),
        });
        self.last = now;
    }

    /// A part of the stage just recorded, timed on its own (it ran beside the rest).
    pub fn part(&mut self, stage: &'static str, time: Duration) {
        self.laps.push(Lap {
            stage,
            time,
            peak_rss: None,
        });
    }
}

/// The process's peak resident set size so far, in bytes.
#[cfg(target_os = "linux")]
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    peak_from_status(&status)
}

#[cfg(not(target_os = "linux"))]
pub fn peak_rss() -> Option<u64> {
    None
}

/// `VmHWM:   14348 kB` of `/proc/<pid>/status`, in bytes.
fn peak_from_status(status: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let mut words = line["VmHWM:".len()..].split_whitespace();
    let kib: u64 = words.next()?.parse().ok()?;
    (words.next() == Some("kB")).then_some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_is_read_from_the_status_file() {
        let status =
            "Name:\tportico\nVmPeak:\t  120000 kB\nVmHWM:\t   14348 kB\nVmRSS:\t 13000 kB\n";
        assert_eq!(peak_from_status(status), Some(14348 * 1024));
        assert_eq!(peak_from_status("VmRSS:\t 13000 kB\n"), None);
        assert_eq!(peak_from_status("VmHWM:\t 13000 MB\n"), None);
        assert_eq!(peak_from_status("VmHWM:\t lots kB\n"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_peak_of_this_process_is_known_and_covers_what_it_holds() {
        let before = peak_rss().expect("VmHWM on Linux");
        // 64 MiB written byte by byte are resident, so the peak so far is at least that (other
        // tests run beside this one: their memory can only add to it).
        let touched = vec![1u8; 64 << 20];
        std::hint::black_box(&touched);
        let after = peak_rss().expect("VmHWM on Linux");
        assert!(after >= before, "{before} -> {after}");
        assert!(after >= 64 << 20, "{after}");
    }
}
