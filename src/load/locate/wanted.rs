//! The pointers a scan looks for, as a tree of segments, and where the scan found each.

use std::collections::HashMap;

/// One node per distinct pointer prefix; node 0 is the document's root.
pub(super) struct Wanted<A> {
    nodes: Vec<Node<A>>,
    /// Each pointer's nodes from the root down.
    paths: Vec<Vec<usize>>,
}

struct Node<A> {
    children: HashMap<String, usize>,
    at: Option<A>,
}

impl<A> Node<A> {
    fn new() -> Self {
        Node {
            children: HashMap::new(),
            at: None,
        }
    }
}

impl<A: Copy> Wanted<A> {
    pub(super) const ROOT: usize = 0;

    pub(super) fn new<S: AsRef<str>>(pointers: &[&[S]]) -> Self {
        let mut nodes = vec![Node::new()];
        let paths = pointers
            .iter()
            .map(|pointer| {
                let mut node = Self::ROOT;
                let mut path = vec![Self::ROOT];
                for segment in pointer.iter() {
                    let next = nodes.len();
                    node = *nodes[node]
                        .children
                        .entry(segment.as_ref().to_string())
                        .or_insert(next);
                    if node == next {
                        nodes.push(Node::new());
                    }
                    path.push(node);
                }
                path
            })
            .collect();
        Wanted { nodes, paths }
    }

    /// Whether some pointer goes on below `node`: only then do its keys need reading.
    pub(super) fn goes_below(&self, node: usize) -> bool {
        !self.nodes[node].children.is_empty()
    }

    pub(super) fn child(&self, node: usize, segment: &str) -> Option<usize> {
        self.nodes[node].children.get(segment).copied()
    }

    /// Notes where `node` starts; the first place wins, as in a lookup of the first key.
    pub(super) fn found(&mut self, node: usize, at: A) {
        self.nodes[node].at.get_or_insert(at);
    }

    /// For each pointer, where its deepest segment that was found starts (a missing key
    /// answers with its nearest parent).
    pub(super) fn deepest(&self) -> Vec<Option<A>> {
        self.paths
            .iter()
            .map(|path| path.iter().rev().find_map(|&n| self.nodes[n].at))
            .collect()
    }
}
