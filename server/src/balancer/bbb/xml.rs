//! BigBlueButton XML answers: writing them (our BBB-compatible API, the simulator) and reading them (the client).
//! quick-xml does the escaping and the parsing; nothing here slices strings.

use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use serde::Deserialize;

/// A piece of an answer: `<name>text</name>` or `<name>children…</name>`.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Text(String, String),
    Elem(String, Vec<Node>),
}

impl Node {
    pub fn text(name: &str, value: impl ToString) -> Node {
        Node::Text(name.to_owned(), value.to_string())
    }

    pub fn elem(name: &str, children: Vec<Node>) -> Node {
        Node::Elem(name.to_owned(), children)
    }
}

fn write(w: &mut Writer<Vec<u8>>, node: &Node) -> std::io::Result<()> {
    match node {
        Node::Text(name, value) => {
            w.write_event(Event::Start(BytesStart::new(name.as_str())))?;
            w.write_event(Event::Text(BytesText::new(value)))?;
            w.write_event(Event::End(BytesEnd::new(name.as_str())))?;
        }
        Node::Elem(name, children) => {
            w.write_event(Event::Start(BytesStart::new(name.as_str())))?;
            for c in children {
                write(w, c)?;
            }
            w.write_event(Event::End(BytesEnd::new(name.as_str())))?;
        }
    }
    Ok(())
}

/// `<response><returncode>…</returncode>…</response>`.
pub fn response(success: bool, children: &[Node]) -> String {
    let mut w = Writer::new(Vec::new());
    let mut all = vec![Node::text("returncode", if success { "SUCCESS" } else { "FAILED" })];
    all.extend_from_slice(children);
    // Writing into a Vec cannot fail.
    let _ = write(&mut w, &Node::elem("response", all));
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

/// A successful list answer (`<meetings>`, `<recordings>`); an empty list carries BigBlueButton's `messageKey`
/// (`noMeetings`, `noRecordings`) and sentence, as clients expect.
pub fn list(container: &str, items: Vec<Node>, empty_key: &str, empty_message: &str) -> String {
    if items.is_empty() {
        response(
            true,
            &[Node::elem(container, vec![]), Node::text("messageKey", empty_key), Node::text("message", empty_message)],
        )
    } else {
        response(true, &[Node::elem(container, items)])
    }
}

pub const NO_MEETINGS: &str = "no meetings were found on this server";
pub const NO_RECORDINGS: &str = "There are no recordings for the meeting(s).";

/// A failure with its stable `messageKey` and a sentence.
pub fn failed(message_key: &str, message: &str) -> String {
    response(false, &[Node::text("messageKey", message_key), Node::text("message", message)])
}

/// The envelope every answer shares.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    pub returncode: String,
    #[serde(default)]
    pub message_key: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

impl Envelope {
    pub fn ok(&self) -> bool {
        self.returncode == "SUCCESS"
    }
}

#[derive(Debug, thiserror::Error)]
#[error("malformed XML answer: {0}")]
pub struct XmlError(String);

/// Reads an answer into `T` (which should flatten or repeat the envelope fields it needs).
pub fn read<T: for<'de> Deserialize<'de>>(xml: &str) -> Result<T, XmlError> {
    quick_xml::de::from_str(xml).map_err(|e| XmlError(e.to_string()))
}

impl Node {
    pub fn name(&self) -> &str {
        match self {
            Node::Text(n, _) | Node::Elem(n, _) => n,
        }
    }

    pub fn children(&self) -> &[Node] {
        match self {
            Node::Elem(_, c) => c,
            Node::Text(..) => &[],
        }
    }

    pub fn into_children(self) -> Vec<Node> {
        match self {
            Node::Elem(_, c) => c,
            Node::Text(..) => Vec::new(),
        }
    }

    /// The text of the direct child `name`.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.children().iter().find_map(|c| match c {
            Node::Text(n, v) if n == name => Some(v.as_str()),
            _ => None,
        })
    }

    /// Removes, from every `<metadata>` below this node, the entries whose name `hide` picks.
    pub fn drop_metadata(&mut self, hide: &dyn Fn(&str) -> bool) {
        if let Node::Elem(name, children) = self {
            if name == "metadata" {
                children.retain(|c| !hide(c.name()));
            } else {
                children.iter_mut().for_each(|c| c.drop_metadata(hide));
            }
        }
    }

    /// Rewrites every text value below this node for which `f` gives a replacement.
    pub fn map_texts(&mut self, f: &dyn Fn(&str) -> Option<String>) {
        match self {
            Node::Text(_, v) => {
                if let Some(new) = f(v) {
                    *v = new;
                }
            }
            Node::Elem(_, children) => children.iter_mut().for_each(|c| c.map_texts(f)),
        }
    }

    /// Rewrites every `<meetingID>` text below this node.
    pub fn map_meeting_ids(&mut self, f: &dyn Fn(&str) -> String) {
        match self {
            Node::Text(n, v) if n == "meetingID" => *v = f(v),
            Node::Text(..) => {}
            Node::Elem(_, children) => children.iter_mut().for_each(|c| c.map_meeting_ids(f)),
        }
    }
}

/// Reads an answer into a tree of elements (attributes are dropped: BigBlueButton answers carry none that matter).
/// An element with only text becomes `Text`, an element with children `Elem`; an empty element is empty text.
pub fn parse_tree(xml: &str) -> Result<Node, XmlError> {
    use quick_xml::Reader;
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(true);
    // (name, children, text) of the open elements
    let mut stack: Vec<(String, Vec<Node>, String)> = Vec::new();
    loop {
        match reader.read_event().map_err(|e| XmlError(e.to_string()))? {
            Event::Start(e) => {
                stack.push((String::from_utf8_lossy(e.name().as_ref()).into_owned(), Vec::new(), String::new()))
            }
            Event::Empty(e) => {
                let node = Node::Text(String::from_utf8_lossy(e.name().as_ref()).into_owned(), String::new());
                match stack.last_mut() {
                    Some(top) => top.1.push(node),
                    None => return Ok(node),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.2.push_str(&t.decode().map_err(|e| XmlError(e.to_string()))?);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.2.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let name = String::from_utf8_lossy(&r).into_owned();
                    let c = match name.as_str() {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        // no other entity is expanded, ever
                        _ => return Err(XmlError(format!("unknown entity &{name};"))),
                    };
                    top.2.push_str(c);
                }
            }
            Event::End(_) => {
                let Some((name, children, text)) = stack.pop() else { return Err(XmlError("unbalanced".into())) };
                let node = if children.is_empty() { Node::Text(name, text) } else { Node::Elem(name, children) };
                match stack.last_mut() {
                    Some(top) => top.1.push(node),
                    None => return Ok(node),
                }
            }
            Event::Eof => return Err(XmlError("unexpected end".into())),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_round_trip_and_ids_are_rewritten() {
        let x = response(
            true,
            &[Node::elem(
                "meetings",
                vec![Node::elem("meeting", vec![Node::text("meetingID", "7-a&b"), Node::text("x", "")])],
            )],
        );
        let mut tree = parse_tree(&x).unwrap();
        tree.map_meeting_ids(&|id| id.trim_start_matches("7-").to_owned());
        let children = tree.clone().into_children();
        assert_eq!(children[0], Node::text("returncode", "SUCCESS"));
        assert_eq!(children[1].children()[0].child_text("meetingID"), Some("a&b"));
        assert_eq!(response(true, &children[1..]), x.replace("7-a", "a"));
        assert!(parse_tree("<a><b>").is_err());
        assert!(parse_tree("<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>").is_err());
    }

    #[test]
    fn writes_escaped_envelopes() {
        let x = response(true, &[Node::text("meetingID", "a<b&c"), Node::elem("meetings", vec![])]);
        assert_eq!(
            x,
            "<response><returncode>SUCCESS</returncode><meetingID>a&lt;b&amp;c</meetingID><meetings></meetings></response>"
        );
        let e: Envelope = read(&failed("checksumError", "Checksums do not match")).unwrap();
        assert!(!e.ok());
        assert_eq!(e.message_key.as_deref(), Some("checksumError"));
    }

    #[test]
    fn reads_what_it_writes_and_refuses_garbage() {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Created {
            returncode: String,
            #[serde(rename = "meetingID")]
            meeting_id: String,
            create_time: i64,
        }
        let x = response(true, &[Node::text("meetingID", "m 1"), Node::text("createTime", 1_700_000_000_000_i64)]);
        let c: Created = read(&x).unwrap();
        assert_eq!(
            (c.returncode.as_str(), c.meeting_id.as_str(), c.create_time),
            ("SUCCESS", "m 1", 1_700_000_000_000)
        );
        assert!(read::<Envelope>("<response><returncode>").is_err());
        assert!(read::<Envelope>("not xml at all").is_err());
        // External entities are not expanded.
        let evil =
            "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><response><returncode>&x;</returncode></response>";
        assert!(read::<Envelope>(evil).map(|e| !e.returncode.contains("root")).unwrap_or(true));
    }
}
