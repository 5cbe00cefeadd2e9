//! Tantivy as the search peer: BM25 over title and body (the lead joins the body), title
//! boosted 2×, with its default tokenizer or with ASCII folding — set up once for the
//! `search` bench and the `search_eval` example. [`TantivySearch::top`] asks for the top
//! 10 alone (Tantivy may then skip blocks that cannot reach them);
//! [`TantivySearch::top_counted`] also counts every match, as a results page with a total
//! and page links needs (tintuc's `search` always gives that total).
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::RamDirectory;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, TextFieldIndexing, TextOptions, Value, STORED};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{doc, IndexWriter, TantivyDocument};
use tintuc::model::Article;

const K: usize = 10;

/// A Tantivy index over the articles, with its reader and query parser.
pub struct TantivySearch {
    /// The engine's name in reports.
    pub name: &'static str,
    reader: tantivy::IndexReader,
    parser: QueryParser,
    /// The stored position field.
    pub pos: tantivy::schema::Field,
    /// Bytes of the in-RAM directory after the commit.
    pub bytes: usize,
}

impl TantivySearch {
    /// Indexes `articles` (title, and lead + body) with the default tokenizer or ASCII folding.
    pub fn build(
        name: &'static str,
        articles: &[Article],
        folding: bool,
    ) -> tantivy::Result<TantivySearch> {
        let tok = if folding { "fold" } else { "default" };
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tok)
                .set_index_option(tantivy::schema::IndexRecordOption::WithFreqsAndPositions),
        );
        let mut sb = Schema::builder();
        let pos = sb.add_u64_field("pos", STORED);
        let title = sb.add_text_field("title", text.clone());
        let body = sb.add_text_field("body", text);
        let dir = RamDirectory::create();
        let index =
            tantivy::Index::create(dir.clone(), sb.build(), tantivy::IndexSettings::default())?;
        index.tokenizers().register(
            "fold",
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        );
        let mut w: IndexWriter = index.writer(50_000_000)?;
        for (i, a) in articles.iter().enumerate() {
            let lead = a.lead.clone().unwrap_or_default();
            w.add_document(doc!(
                pos => i as u64,
                title => a.title.clone(),
                body => format!("{lead}\n{}", a.body_text())
            ))?;
        }
        w.commit()?;
        w.wait_merging_threads()?;
        let bytes = dir.total_mem_usage();
        let reader = index.reader()?;
        let mut parser = QueryParser::for_index(&index, vec![title, body]);
        parser.set_field_boost(title, 2.0);
        Ok(TantivySearch {
            name,
            reader,
            parser,
            pos,
            bytes,
        })
    }

    /// Positions (in `articles`) of the top 10 for `q`, parsed leniently.
    pub fn top(&self, q: &str) -> Vec<usize> {
        let searcher = self.reader.searcher();
        let (query, _) = self.parser.parse_query_lenient(q);
        let Ok(top) = searcher.search(&query, &TopDocs::with_limit(K)) else {
            return Vec::new();
        };
        self.positions(&searcher, top)
    }

    /// [`TantivySearch::top`] and the number of articles that match `q` (Tantivy's `Count`
    /// collector beside `TopDocs`, in the same pass).
    pub fn top_counted(&self, q: &str) -> (Vec<usize>, usize) {
        let searcher = self.reader.searcher();
        let (query, _) = self.parser.parse_query_lenient(q);
        let Ok((top, total)) = searcher.search(&query, &(TopDocs::with_limit(K), Count)) else {
            return (Vec::new(), 0);
        };
        (self.positions(&searcher, top), total)
    }

    fn positions(
        &self,
        searcher: &tantivy::Searcher,
        top: Vec<(tantivy::Score, tantivy::DocAddress)>,
    ) -> Vec<usize> {
        top.into_iter()
            .filter_map(|(_, a)| {
                let d: TantivyDocument = searcher.doc(a).ok()?;
                d.get_first(self.pos)
                    .and_then(|v| v.as_u64())
                    .map(|p| p as usize)
            })
            .collect()
    }
}
