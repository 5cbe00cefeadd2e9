//! Parses rendered pages back with html5ever into a small tree for assertions.
#![allow(dead_code)]

#[cfg(feature = "postgres")]
pub mod pg;
pub mod store_checks;

use html5ever::parse_document;
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

#[derive(Debug)]
pub struct El {
    pub name: String,
    pub ns: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug)]
pub enum Node {
    El(El),
    Text(String),
}

impl El {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }
    /// All text below this element, in document order.
    pub fn text(&self) -> String {
        let mut s = String::new();
        fn walk(n: &Node, s: &mut String) {
            match n {
                Node::Text(t) => s.push_str(t),
                Node::El(e) => e.children.iter().for_each(|c| walk(c, s)),
            }
        }
        self.children.iter().for_each(|c| walk(c, &mut s));
        s
    }
    /// Every element below (and including) this one, in document order.
    pub fn all(&self) -> Vec<&El> {
        let mut v = vec![self];
        for c in &self.children {
            if let Node::El(e) = c {
                v.extend(e.all());
            }
        }
        v
    }
    pub fn find(&self, pred: impl Fn(&El) -> bool) -> Vec<&El> {
        self.all().into_iter().filter(|e| pred(e)).collect()
    }
    pub fn first(&self, pred: impl Fn(&El) -> bool) -> &El {
        self.all()
            .into_iter()
            .find(|e| pred(e))
            .expect("element not found")
    }
}

fn convert(h: &Handle) -> Option<Node> {
    match &h.data {
        NodeData::Element { name, attrs, .. } => {
            let attrs = attrs
                .borrow()
                .iter()
                .map(|a| {
                    let prefix = a
                        .name
                        .prefix
                        .as_ref()
                        .map(|p| format!("{}:", &**p))
                        .unwrap_or_default();
                    (format!("{prefix}{}", &*a.name.local), a.value.to_string())
                })
                .collect();
            let children = h.children.borrow().iter().filter_map(convert).collect();
            Some(Node::El(El {
                name: name.local.to_string(),
                ns: name.ns.to_string(),
                attrs,
                children,
            }))
        }
        NodeData::Text { contents } => Some(Node::Text(contents.borrow().to_string())),
        _ => None,
    }
}

/// The document's root element and the parser's error messages.
pub fn parse(html: &str) -> (El, Vec<String>) {
    let dom = parse_document(RcDom::default(), Default::default()).one(html);
    let errors = dom.errors.borrow().iter().map(|e| e.to_string()).collect();
    let root = dom
        .document
        .children
        .borrow()
        .iter()
        .filter_map(convert)
        .find_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
        .expect("no root element");
    (root, errors)
}

/// Property-test case count: `PROPTEST_CASES` from the environment when set (CI or a
/// deeper local run can raise it), else the file's default.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
