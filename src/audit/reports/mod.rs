//! Report formats, one module each (cfn-guard style). Every renderer is a pure function of an
//! [`AuditReport`] returning the whole document.

pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;
pub mod wa_lens;

use super::report::AuditReport;

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Markdown,
    Html,
    /// The Well-Architected Tool custom lens (the same document for every run).
    WaLens,
}

/// Renders one format. `color` applies to the text format only.
pub fn render(format: Format, report: &AuditReport<'_>, color: bool) -> String {
    match format {
        Format::Text => text::render(report, color),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Junit => junit::render(report),
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report),
        Format::WaLens => wa_lens::render(),
    }
}

/// The file a format is written to inside `--out`.
pub fn file_name(format: Format) -> &'static str {
    match format {
        Format::Text => "audit.txt",
        Format::Json => "audit.json",
        Format::Sarif => "audit.sarif",
        Format::Junit => "audit.junit.xml",
        Format::Markdown => "audit.md",
        Format::Html => "audit.html",
        Format::WaLens => "audit.wa-lens.json",
    }
}

/// Findings rendered by the test snapshots: the compliant fixture with a few failures, an
/// unknown, a suppressed and an expired-suppression finding.
#[cfg(test)]
pub(crate) mod fixture {
    use chrono::NaiveDate;

    use crate::audit::engine::run;
    use crate::audit::finding::Finding;
    use crate::audit::suppress::Suppressions;
    use crate::audit::testing::{compliant_model, unknown_prop};
    use crate::model::{Model, Prop};

    pub fn model() -> Model {
        let mut model = compliant_model();
        model.streams[0].encryption = Prop::Known(None);
        model.streams[0].retention_hours = Prop::Known(24);
        model.buckets[0].lifecycle = Prop::Known(vec![]);
        model.buckets[1].lifecycle = Prop::Known(vec![]);
        model.workgroups[0].bytes_scanned_cutoff = unknown_prop("athena:GetWorkGroup");
        model.catalog.tables[0].partition_keys = Prop::Known(vec![]);
        model
    }

    pub fn findings(model: &Model) -> Vec<Finding> {
        let mut findings = run(model);
        let suppressions = Suppressions::parse(
            "suppressions.yaml",
            "- rule: LK-S3-013\n  resource: raw\n  reason: raw data is kept <forever> & audited\n  expires: 2030-01-01\n\
             - rule: LK-S3-013\n  resource: cleansed\n  reason: cleanup planned\n  expires: 2020-01-01\n",
        )
        .expect("fixture suppressions are valid");
        suppressions.apply(&mut findings, NaiveDate::from_ymd_opt(2025, 6, 1).unwrap());
        findings
    }
}
