//! Writes the model article page as one engine renders it, to compare the pages:
//!
//!   cargo run --release -p tintuc-peers --example render_dump -- tintuc > t.html
//!   cargo run --release -p tintuc-peers --example render_dump -- askama > a.html
//!   diff <(sed 's/></>\n</g' t.html) <(sed 's/></>\n</g' a.html)
//!
//! Engines: `tintuc`, `askama`, `sailfish`.

use std::io::Write;

use tintuc_peers::render_model as model;

fn main() {
    let engine = std::env::args().nth(1).unwrap_or_else(|| "tintuc".into());
    let m = model::ModelPage::load();
    let page = match engine.as_str() {
        "tintuc" => m.tintuc(),
        "askama" => m.askama(),
        "sailfish" => m.sailfish(),
        other => {
            eprintln!("unknown engine {other} (tintuc, askama, sailfish)");
            std::process::exit(2);
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(page.as_bytes());
}
