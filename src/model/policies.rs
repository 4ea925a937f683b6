//! Policies lakectl writes.
