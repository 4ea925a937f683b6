//! Blueprint → desired model.
