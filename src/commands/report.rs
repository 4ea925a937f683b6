//! `lakectl report render` and `lakectl report merge`: formats from saved JSON audit reports,
//! so shards audited apart (a CI matrix, Batch jobs) end as one report of every account.
//!
//! Exit codes as `audit`'s: 0 nothing failing at or above the threshold, 1 something is, 2 a
//! report cannot be read or merged, or an account or region was not audited.

use super::audit::{emit, exit_of};
use crate::audit::saved::{self, SavedReport};
use crate::exit::Exit;
use crate::printer::Printer;
use crate::settings::{ReportSettings, SavedInputs};

pub fn run(settings: ReportSettings, printer: Printer) -> anyhow::Result<Exit> {
    let report = match &settings.inputs {
        SavedInputs::One(path) => SavedReport::load(path)?,
        SavedInputs::Shards(paths) => {
            let reports = paths
                .iter()
                .map(|p| SavedReport::load(p))
                .collect::<Result<Vec<_>, _>>()?;
            let merged = saved::merge(reports)?;
            if merged.fail_on_differed && settings.threshold.is_none() {
                printer.warn(format_args!(
                    "the shards ran with different --fail-on thresholds; judging by the strictest, {}",
                    merged.report.fail_on.map_or("never", |s| s.as_str())
                ));
            }
            if !merged.versions.is_empty() {
                printer.warn(format_args!(
                    "the shards were written by different lakectl versions ({}); rules are described as this version describes them",
                    merged.versions.join(", ")
                ));
            }
            merged.report
        }
    };
    let rendered = report.report(settings.threshold);
    emit(
        printer,
        settings.out.as_deref(),
        &settings.formats,
        &rendered,
    )?;
    if !rendered.complete {
        printer.warn(format_args!(
            "some accounts or regions were not audited (their LK-INV-001 findings say which): exit 2"
        ));
    }
    Ok(exit_of(&rendered))
}
