//! The AWS Well-Architected Analytics Lens questions, with their ids exactly as the lens writes
//! them. Validation refusals, audit rules and the lens reports all name questions from this one
//! table, so a typo in an id is a compile-time lookup failure caught by the unit test below.

use serde::Serialize;

mod practices;

pub use practices::{PRACTICES, Practice, Source, practices_of};

/// A Well-Architected pillar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Pillar {
    OperationalExcellence,
    Security,
    Reliability,
    PerformanceEfficiency,
    CostOptimization,
}

impl Pillar {
    pub const ALL: [Pillar; 5] = [
        Pillar::OperationalExcellence,
        Pillar::Security,
        Pillar::Reliability,
        Pillar::PerformanceEfficiency,
        Pillar::CostOptimization,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pillar::OperationalExcellence => "Operational Excellence",
            Pillar::Security => "Security",
            Pillar::Reliability => "Reliability",
            Pillar::PerformanceEfficiency => "Performance Efficiency",
            Pillar::CostOptimization => "Cost Optimization",
        }
    }

    /// The pillar id the Well-Architected Tool uses.
    pub fn wa_id(self) -> &'static str {
        match self {
            Pillar::OperationalExcellence => "operationalExcellence",
            Pillar::Security => "security",
            Pillar::Reliability => "reliability",
            Pillar::PerformanceEfficiency => "performance",
            Pillar::CostOptimization => "costOptimization",
        }
    }
}

/// One Analytics Lens question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Question {
    /// The id as the lens writes it, e.g. `ANALYTICS_SEC 4`.
    pub id: &'static str,
    pub pillar: Pillar,
    pub title: &'static str,
}

macro_rules! questions {
    ($($id:literal $pillar:ident $title:literal;)*) => {
        /// Every question of the Analytics Lens, in the lens's order.
        pub const QUESTIONS: &[Question] = &[
            $(Question { id: $id, pillar: Pillar::$pillar, title: $title },)*
        ];
    };
}

questions! {
    "ANALYTICS_OPS 01" OperationalExcellence "How do you select the most suitable analytics services and solutions?";
    "ANALYTICS_OPS 02" OperationalExcellence "How do you create and deploy your analytics pipeline?";
    "ANALYTICS_OPS 03" OperationalExcellence "How do you monitor the health of the analytics pipeline?";
    "ANALYTICS_OPS 04" OperationalExcellence "How do you manage operational events for your analytics application?";
    "ANALYTICS_OPS 05" OperationalExcellence "How are you evolving your data and analytics workload while minimizing the impact of change?";
    "ANALYTICS_SEC 1" Security "How do you authenticate access to your analytics applications within your organization?";
    "ANALYTICS_SEC 2" Security "How do you authorize access to the analytics services within your organization?";
    "ANALYTICS_SEC 3" Security "How are you storing, monitoring and analyzing access and query logs?";
    "ANALYTICS_SEC 4" Security "How are you securing data at rest?";
    "ANALYTICS_SEC 5" Security "How are you securing data in transit?";
    "ANALYTICS_SEC 6" Security "How are you protecting sensitive data within your organization?";
    "ANALYTICS_SEC 7" Security "How are you defining and enforcing policies to respond to security alerts and incidents?";
    "ANALYTICS_REL 1" Reliability "How do you track changes to the metadata in your data warehouse?";
    "ANALYTICS_REL 2" Reliability "How do you maintain the configuration settings of your analytics environment to ensure consistency across versions?";
    "ANALYTICS_REL 3" Reliability "How do you recover from failures in your primary data warehouse?";
    "ANALYTICS_REL 4" Reliability "How do you recover from failures of your ETL jobs?";
    "ANALYTICS_PERF 01" PerformanceEfficiency "How do you select file formats and compression to store your data?";
    "ANALYTICS_PERF 02" PerformanceEfficiency "How do you determine compute options and sizing for your analytics applications?";
    "ANALYTICS_PERF 03" PerformanceEfficiency "How do you organize or partition your data in your data lake?";
    "ANALYTICS_PERF 04" PerformanceEfficiency "How are you monitoring the performance of data ingestion, batch jobs, and ETL jobs?";
    "ANALYTICS_PERF 05" PerformanceEfficiency "How are you monitoring the performance of your queries?";
    "ANALYTICS_COST 01" CostOptimization "How are you choosing the right compute solution for analytics applications?";
    "ANALYTICS_COST 02" CostOptimization "How are you optimizing data stored in your data lake for cost?";
    "ANALYTICS_COST 03" CostOptimization "How are you tiering your storage for cost effectiveness?";
    "ANALYTICS_COST 04" CostOptimization "What is your data lifecycle plan?";
    "ANALYTICS_COST 05" CostOptimization "How are you calculating your individual data-processing step costs?";
    "ANALYTICS_COST 06" CostOptimization "How are you tracking the “freshness” of your data used by your analytics application?";
    "ANALYTICS_COST 07" CostOptimization "How are you managing data transfer costs in your analytics application?";
    "ANALYTICS_COST 08" CostOptimization "What is your cost allocation strategy for resources consumed by your analytics application?";
}

/// The question with this id.
pub fn question(id: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.id == id)
}

/// Question ids used across the code base, checked against the table by a unit test.
pub mod ids {
    pub const OPS_MONITOR: &str = "ANALYTICS_OPS 03";
    pub const OPS_EVENTS: &str = "ANALYTICS_OPS 04";
    pub const OPS_EVOLVE: &str = "ANALYTICS_OPS 05";
    pub const SEC_AUTHENTICATE: &str = "ANALYTICS_SEC 1";
    pub const SEC_AUTHORIZE: &str = "ANALYTICS_SEC 2";
    pub const SEC_LOGS: &str = "ANALYTICS_SEC 3";
    pub const SEC_AT_REST: &str = "ANALYTICS_SEC 4";
    pub const SEC_IN_TRANSIT: &str = "ANALYTICS_SEC 5";
    pub const SEC_SENSITIVE: &str = "ANALYTICS_SEC 6";
    pub const SEC_INCIDENTS: &str = "ANALYTICS_SEC 7";
    pub const REL_METADATA: &str = "ANALYTICS_REL 1";
    pub const REL_CONFIG: &str = "ANALYTICS_REL 2";
    pub const REL_RECOVER_STORE: &str = "ANALYTICS_REL 3";
    pub const REL_RECOVER_ETL: &str = "ANALYTICS_REL 4";
    pub const PERF_FORMATS: &str = "ANALYTICS_PERF 01";
    pub const PERF_PARTITIONS: &str = "ANALYTICS_PERF 03";
    pub const PERF_INGEST_MONITOR: &str = "ANALYTICS_PERF 04";
    pub const PERF_QUERIES: &str = "ANALYTICS_PERF 05";
    pub const COST_COMPUTE: &str = "ANALYTICS_COST 01";
    pub const COST_STORAGE: &str = "ANALYTICS_COST 02";
    pub const COST_STEP_COSTS: &str = "ANALYTICS_COST 05";
    pub const COST_TIERING: &str = "ANALYTICS_COST 03";
    pub const COST_LIFECYCLE: &str = "ANALYTICS_COST 04";
    pub const COST_FRESHNESS: &str = "ANALYTICS_COST 06";
    pub const COST_ALLOCATION: &str = "ANALYTICS_COST 08";

    pub const ALL: &[&str] = &[
        OPS_MONITOR,
        OPS_EVENTS,
        OPS_EVOLVE,
        SEC_AUTHENTICATE,
        SEC_AUTHORIZE,
        SEC_LOGS,
        SEC_AT_REST,
        SEC_IN_TRANSIT,
        SEC_SENSITIVE,
        SEC_INCIDENTS,
        REL_METADATA,
        REL_CONFIG,
        REL_RECOVER_STORE,
        REL_RECOVER_ETL,
        PERF_FORMATS,
        PERF_PARTITIONS,
        PERF_INGEST_MONITOR,
        PERF_QUERIES,
        COST_COMPUTE,
        COST_STORAGE,
        COST_STEP_COSTS,
        COST_TIERING,
        COST_LIFECYCLE,
        COST_FRESHNESS,
        COST_ALLOCATION,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lens_has_its_twenty_nine_questions_with_unique_ids() {
        assert_eq!(QUESTIONS.len(), 29);
        let mut ids: Vec<_> = QUESTIONS.iter().map(|q| q.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 29);
    }

    #[test]
    fn every_practice_belongs_to_a_question_and_every_question_has_practices() {
        let mut ids: Vec<_> = PRACTICES.iter().map(|p| p.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), PRACTICES.len(), "practice ids are unique");
        for p in PRACTICES {
            assert!(
                question(p.question_id()).is_some(),
                "{}: no such question",
                p.id
            );
        }
        for q in QUESTIONS {
            let numbers: Vec<String> = practices_of(q.id)
                .map(|p| p.id[q.id.len()..].to_string())
                .collect();
            let expected: Vec<String> = (1..=numbers.len()).map(|n| format!(".{n}")).collect();
            assert!(!numbers.is_empty(), "{} has no practices", q.id);
            assert_eq!(numbers, expected, "{}: practices numbered in order", q.id);
        }
        let order: Vec<&str> = PRACTICES.iter().map(|p| p.question_id()).collect();
        let mut lens_order = order.clone();
        lens_order.sort_by_key(|id| QUESTIONS.iter().position(|q| q.id == *id));
        assert_eq!(
            order, lens_order,
            "practices follow the lens's question order"
        );
    }

    #[test]
    fn every_practice_has_a_short_title_evidence_and_the_calls_that_show_it() {
        for p in PRACTICES {
            assert!(
                !p.title.is_empty() && p.title.chars().count() <= 110,
                "{}: title of 1 to 110 characters",
                p.id
            );
            assert!(
                !p.evidence.is_empty() && p.evidence.len() <= 400,
                "{}: evidence of 1 to 400 characters",
                p.id
            );
            match p.source {
                Source::ControlPlane(reads) => {
                    assert!(!reads.is_empty(), "{}: names the API calls", p.id);
                    for call in reads {
                        let (service, action) = call.split_once(':').unwrap_or_default();
                        assert!(
                            !service.is_empty()
                                && action.starts_with(|c: char| c.is_ascii_uppercase()),
                            "{}: `{call}` is not service:Action",
                            p.id
                        );
                    }
                }
                Source::Reviewer => assert!(
                    p.rules.is_empty(),
                    "{}: a rule checks it, so the control plane shows it",
                    p.id
                ),
            }
        }
    }

    #[test]
    fn every_id_the_code_uses_is_a_lens_question() {
        for id in ids::ALL {
            assert!(
                question(id).is_some(),
                "{id} is not an Analytics Lens question"
            );
        }
    }
}
