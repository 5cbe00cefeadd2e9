//! Curation on the pages: topic thread listings, the curated groups of the home page,
//! and the source line under an article (the "Theo dòng sự kiện" block is with the
//! other link lists in `layout`).

use std::collections::BTreeMap;

use crate::model::{Article, Slug, Timestamp, Topic};

use super::html::Html;
use super::HomeSection;

/// One page of a topic thread's listing (`/dong-su-kien/{slug}`).
#[derive(Debug, Clone, Copy)]
pub struct TopicView<'a> {
    /// The topic.
    pub topic: &'a Topic,
    /// The articles on this page, newest first.
    pub articles: &'a [&'a Article],
    /// This page's 1-based number.
    pub page: usize,
    /// The number of pages.
    pub page_count: usize,
}

/// One curated group on the home page ("Tin tiêu điểm"): its name and its articles in
/// the group's order.
#[derive(Debug, Clone, PartialEq)]
pub struct HomeGroup<'a> {
    /// The group's display name (the block's heading).
    pub name: &'a str,
    /// The group's slug.
    pub slug: &'a Slug,
    /// Its articles, in the order shown.
    pub articles: Vec<&'a Article>,
}

/// A group's name and its articles with their positions, while gathering.
type Gathered<'a> = (&'a str, Vec<(u32, &'a Article)>);

impl<'a> HomeGroup<'a> {
    /// The curated groups of `articles` that readers may see at `now`
    /// ([`Article::is_visible_at`]): one per group slug, named as the first article
    /// listing it spells it, in slug order; each with its articles by their position in
    /// the group (lowest first), then newest first, then by id, at most `per_group`.
    ///
    /// ```
    /// use tintuc::model::{Article, GroupEntry, Status};
    /// use tintuc::render::HomeGroup;
    /// let entry = |position| GroupEntry { name: "Tin tiêu điểm".into(),
    ///     slug: "tin-tieu-diem".parse().unwrap(), position };
    /// let mut a = Article::new("a".parse()?, "Tin A".into(), "tin-a".parse()?);
    /// a.status = Status::Published;
    /// a.groups = vec![entry(2)];
    /// let mut b = Article::new("b".parse()?, "Tin B".into(), "tin-b".parse()?);
    /// b.status = Status::Published;
    /// b.groups = vec![entry(1)];
    /// let mut draft = Article::new("c".parse()?, "Nháp".into(), "nhap".parse()?);
    /// draft.groups = vec![entry(0)];
    /// let groups = HomeGroup::collect(&[&a, &b, &draft], 5, "2018-12-21T12:00:00+07:00".parse()?);
    /// assert_eq!(groups.len(), 1);
    /// let titles: Vec<&str> = groups[0].articles.iter().map(|a| a.title.as_str()).collect();
    /// assert_eq!(titles, ["Tin B", "Tin A"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn collect(articles: &[&'a Article], per_group: usize, now: Timestamp) -> Vec<Self> {
        let mut groups: BTreeMap<&'a Slug, Gathered<'a>> = BTreeMap::new();
        for a in articles.iter().copied().filter(|a| a.is_visible_at(now)) {
            for g in &a.groups {
                let entry = groups
                    .entry(&g.slug)
                    .or_insert_with(|| (g.name.as_str(), Vec::new()));
                if !entry.1.iter().any(|(_, x)| x.id == a.id) {
                    entry.1.push((g.position, a));
                }
            }
        }
        groups
            .into_iter()
            .map(|(slug, (name, mut list))| {
                list.sort_by(|(pa, a), (pb, b)| {
                    pa.cmp(pb)
                        .then_with(|| b.published.cmp(&a.published))
                        .then_with(|| a.id.cmp(&b.id))
                });
                HomeGroup {
                    name,
                    slug,
                    articles: list.into_iter().take(per_group).map(|(_, a)| a).collect(),
                }
            })
            .collect()
    }
}

/// The home page's content: the curated groups' blocks, then one block per section.
#[derive(Debug, Clone, Copy)]
pub struct HomeView<'a> {
    /// Curated groups, in order, shown after the featured story.
    pub groups: &'a [HomeGroup<'a>],
    /// Category blocks, in order.
    pub sections: &'a [HomeSection<'a>],
}

/// "Nguồn: …" with the source's name (linked when the article gives its URL; the URL
/// itself is the text when there is no name). Nothing without either.
pub(super) fn source(article: &Article, out: &mut Html<'_>) {
    let name = article
        .source_name
        .as_deref()
        .filter(|n| !n.trim().is_empty());
    let url = article.source_url.as_ref();
    if name.is_none() && url.is_none() {
        return;
    }
    out.raw("<p class=\"byline source\">Nguồn: ");
    match url {
        Some(u) => {
            let link = crate::model::Link::from(u.clone());
            out.raw("<a");
            out.link_attr("href", &link);
            out.raw(">");
            out.text(name.unwrap_or(u.as_str()));
            out.raw("</a>");
        }
        None => out.text(name.unwrap_or_default()),
    }
    out.raw("</p>\n");
}
