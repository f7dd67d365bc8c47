//! Search: the database's full-text index for words, the in-memory facet
//! index (`search_index.rs`) for filters, totals and facets.

use ecities_core::store::{Page, PracticeQuery, SearchResults, SearchStore};

use crate::SqlStore;
use crate::rows::*;
use crate::search_index::Want;

#[async_trait::async_trait]
impl SearchStore for SqlStore {
    #[tracing::instrument(name = "store.search", level = "debug", skip_all, fields(limit = page.limit, with_facets))]
    async fn search(&self, query: &PracticeQuery, page: Page, with_facets: bool) -> R<SearchResults> {
        let want = Want { facets: with_facets, months: false };
        let found = self.index.run(&self.read_pool, self.dialect, query, page, want).await?;
        let practices = self.practices_by_ids(&found.ids).await?;
        Ok(SearchResults { practices, total: found.total, exact: found.exact, facets: found.facets })
    }

    async fn counts_by_month(&self, query: &PracticeQuery) -> R<Vec<(String, i64)>> {
        let want = Want { facets: false, months: true };
        let found = self.index.run(&self.read_pool, self.dialect, query, Page::first(1), want).await?;
        Ok(found.months.unwrap_or_default())
    }
}
