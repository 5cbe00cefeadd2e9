//! The README's API examples, run: every `curl` request between the
//! `api-examples:start` and `api-examples:end` markers is sent to a service over the
//! sample articles (token `secret`, and the users of the "Rights" section's tokens file)
//! in order, and answers the status on its `#>` line; a `403` answers exactly the
//! section's example.

use super::web_client::{call, sample_store, site, start};
use tintuc::web::{ApiUsers, Config};

/// One request of the README.
#[derive(Debug, Default)]
struct Curl {
    method: Option<String>,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
    expect: u16,
}

/// Splits a shell command line into words: single quotes keep everything, double quotes
/// and bare words as the README uses them (no escapes inside single quotes).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    cur.push(q);
                }
            }
            '"' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    cur.push(q);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

fn readme_requests() -> Vec<Curl> {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("<!-- api-examples:start")
        .expect("start marker");
    let end = readme
        .find("<!-- api-examples:end -->")
        .expect("end marker");
    let section = &readme[start..end];
    let joined = section.replace("\\\n", " ");
    let mut out: Vec<Curl> = Vec::new();
    for line in joined.lines().map(str::trim) {
        if let Some(status) = line.strip_prefix("#>") {
            let last = out.last_mut().expect("a #> line follows a curl line");
            last.expect = status.trim().parse().expect("a status after #>");
        } else if line.starts_with("curl ") {
            let w = words(line);
            let mut c = Curl::default();
            let mut i = 1;
            while let Some(arg) = w.get(i) {
                match arg.as_str() {
                    "-i" | "-s" | "-si" => {}
                    "-X" => {
                        i += 1;
                        c.method = w.get(i).cloned();
                    }
                    "-H" => {
                        i += 1;
                        let (k, v) = w[i].split_once(':').expect("a header");
                        c.headers.push((k.trim().to_string(), v.trim().to_string()));
                    }
                    "-d" | "--data" | "--data-binary" => {
                        i += 1;
                        c.body = w.get(i).cloned();
                    }
                    url if url.starts_with("http") => c.url = url.to_string(),
                    other => panic!("curl option {other:?} not understood by this test"),
                }
                i += 1;
            }
            out.push(c);
        }
    }
    out
}

/// The JSON block after "An error answer:".
fn readme_error_answer() -> serde_json::Value {
    let readme = include_str!("../../README.md");
    let at = readme.find("An error answer:").expect("the error example");
    let block = readme[at..].split("```json").nth(1).expect("a json block");
    let json = block.split("```").next().unwrap_or("");
    serde_json::from_str(json).expect("the README's error answer is JSON")
}

/// The JSON blocks of the README's "Rights" section: the tokens file, the 403 answer.
fn readme_rights_blocks() -> (String, serde_json::Value) {
    let readme = include_str!("../../README.md");
    let at = readme.find("### Rights").expect("the Rights section");
    let blocks: Vec<&str> = readme[at..]
        .split("```json")
        .skip(1)
        .take(2)
        .map(|b| b.split("```").next().unwrap_or(""))
        .collect();
    let forbidden = serde_json::from_str(blocks[1]).expect("the 403 answer is JSON");
    (blocks[0].to_string(), forbidden)
}

#[test]
fn readme_api_examples_answer_as_documented() {
    let requests = readme_requests();
    assert!(requests.len() >= 10, "{} requests found", requests.len());
    assert!(
        requests.iter().all(|r| r.expect != 0),
        "every request has a #> status"
    );
    let (tokens, forbidden) = readme_rights_blocks();
    let users = ApiUsers::from_json(&tokens).expect("the README's tokens file");
    let s = start(sample_store(), |addr| {
        Config::new(site(addr)).token("secret").api_users(users)
    });
    for r in &requests {
        let path = r
            .url
            .strip_prefix("http://127.0.0.1:8080")
            .expect("README URLs are on 127.0.0.1:8080");
        // curl: -d without -X is a POST.
        let method = r
            .method
            .clone()
            .unwrap_or_else(|| if r.body.is_some() { "POST" } else { "GET" }.into());
        let headers: Vec<(&str, &str)> = r
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let body = r.body.as_deref().unwrap_or("");
        let reply = call(s.addr, &method, path, &headers, body.as_bytes());
        assert_eq!(
            reply.status,
            r.expect,
            "{method} {path}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        if reply.status >= 400 && path.starts_with("/api/") {
            let p = reply.assert_problem(r.expect, None);
            if r.expect == 412 {
                assert_eq!(p, readme_error_answer(), "the README shows this answer");
            }
            if r.expect == 403 {
                assert_eq!(p, forbidden, "the README shows this answer");
            }
        }
    }
}
