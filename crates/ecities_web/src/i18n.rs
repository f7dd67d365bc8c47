//! Interface text in the reader's language. English is complete; Korean
//! covers the public pages (the network's first cities are Korean); a key
//! missing in a language falls back to English. Templates call `t("key")`.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// Interface languages, English first (the fallback).
pub const UI_LANGUAGES: [&str; 2] = ["en", "ko"];

tokio::task_local! {
    static UI_LANG: &'static str;
}

/// The interface language of the request being handled.
pub fn current() -> &'static str {
    UI_LANG.try_with(|l| *l).unwrap_or("en")
}

/// Chooses the interface language from `Accept-Language` for the rest of
/// the request.
pub async fn negotiate(req: Request, next: Next) -> Response {
    let accept = req.headers().get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let wanted = crate::pages::accepted_languages(accept);
    let lang = wanted
        .iter()
        .find_map(|w| UI_LANGUAGES.iter().find(|l| w.split('-').next() == Some(**l)))
        .copied()
        .unwrap_or("en");
    UI_LANG.scope(lang, next.run(req)).await
}

/// The text for `key` in `lang` (English when missing).
pub fn text(lang: &str, key: &str) -> String {
    let ko = match key {
        "search_all" => "모든 사례 검색",
        "hosted_here" => "이 노드의 계정",
        "published_here" => "이곳에서 발행",
        "from_network" => "네트워크 소식",
        "from_unpaks" => "UN-PAKS 소식",
        "nothing_yet" => "아직 없습니다.",
        "more" => "더 보기",
        "footer" => "e-Cities 네트워크의 일원 · ActivityPub",
        "intro" => {
            "e-Cities 네트워크의 노드입니다. 도시는 모범 사례와 교훈을 공유하고, 도시 연합은 이를 전하며, UN 공공행정 지식공간은 전 세계를 위해 이를 모읍니다."
        }
        "search_title" => "사례 검색",
        "words" => "검색어",
        "goal" => "지속가능발전목표",
        "any" => "전체",
        "country" => "국가 (ISO 코드)",
        "region" => "UN 지역 (코드 또는 이름)",
        "kind" => "유형",
        "language" => "언어",
        "search" => "검색",
        "results" => "건",
        "subscribe" => "구독",
        "older" => "이전 결과",
        "members" => "회원 도시",
        "no_members" => "아직 회원이 없습니다.",
        "practices" => "사례",
        "no_practices" => "아직 발행한 사례가 없습니다.",
        "sdgs" => "지속가능발전목표",
        "themes" => "주제",
        "other_languages" => "다른 언어",
        "read_in" => "읽기",
        "relayed_by" => "전달",
        "problem" => "문제",
        "solution" => "해결",
        "results_section" => "성과",
        "lessons" => "교훈",
        "license" => "이용 허락",
        "source" => "출처",
        "period" => "기간",
        "portal" => "공식 누리집",
        "featured" => "추천 사례",
        "topic_intro" => "이 주제는 다음 검색에 새로 맞는 사례를 알립니다:",
        _ => "",
    };
    if lang == "ko" && !ko.is_empty() {
        return ko.to_owned();
    }
    match key {
        "search_all" => "Search all practices",
        "hosted_here" => "Hosted here",
        "published_here" => "Published here",
        "from_network" => "From the network",
        "from_unpaks" => "From UN-PAKS",
        "nothing_yet" => "Nothing yet.",
        "more" => "More",
        "footer" => "Part of the e-Cities Network · ActivityPub",
        "intro" => "A node of the e-Cities Network: cities share best practices and lessons learned, associations of cities relay them, and the UN Public Administration Knowledge Space gathers them for the world.",
        "search_title" => "Search practices",
        "words" => "Words",
        "goal" => "Sustainable Development Goal",
        "any" => "Any",
        "country" => "Country (ISO code)",
        "region" => "UN region (code or name)",
        "kind" => "Kind",
        "language" => "Language",
        "search" => "Search",
        "results" => "results",
        "subscribe" => "subscribe",
        "older" => "Older results",
        "members" => "Members",
        "no_members" => "No members yet.",
        "practices" => "Practices",
        "no_practices" => "No practices published yet.",
        "sdgs" => "Sustainable Development Goals",
        "themes" => "Themes",
        "other_languages" => "Other languages",
        "read_in" => "Read in",
        "relayed_by" => "Relayed by",
        "problem" => "Problem",
        "solution" => "Solution",
        "results_section" => "Results",
        "lessons" => "Lessons learned",
        "license" => "License",
        "source" => "Source",
        "period" => "Period",
        "portal" => "Official portal",
        "featured" => "Featured",
        "topic_intro" => "Follow this topic to hear of each new practice matching the search",
        other => other,
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_english_key_has_its_korean_text() {
        for key in ["search_all", "from_unpaks", "members", "read_in", "lessons"] {
            assert_ne!(text("ko", key), text("en", key), "{key}");
        }
        assert_eq!(text("ko", "unknown_key"), "unknown_key");
    }
}
