//! Athena work groups.

use super::Checker;
use crate::blueprint::diagnostic::FieldPath;
use crate::blueprint::names;
use crate::blueprint::types::*;

impl Checker {
    pub(super) fn athena(&mut self, athena: &Athena) {
        let at = FieldPath::root().key("athena").key("workgroups");
        for (i, workgroup) in athena.workgroups.iter().enumerate() {
            let wat = at.index(i);
            self.name(
                wat.key("name"),
                "work group name",
                &workgroup.name,
                names::workgroup(&workgroup.name),
            );
            if workgroup.bytes_scanned_cutoff_mb < 10 {
                self.error(
                    wat.key("bytes_scanned_cutoff_mb"),
                    format!(
                        "a cutoff of {} MiB is below Athena's minimum",
                        workgroup.bytes_scanned_cutoff_mb
                    ),
                    Some("allowed: 10 MiB or more".to_string()),
                );
            }
        }
        self.unique(
            "work group",
            athena
                .workgroups
                .iter()
                .enumerate()
                .map(|(i, w)| (at.index(i).key("name"), w.name.as_str())),
        );
    }
}
