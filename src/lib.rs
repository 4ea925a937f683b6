//! lakectl: turn a data-lake blueprint into secure AWS infrastructure, and prove it stays secure.
//!
//! The crate is organised around one resource model ([`model::Model`]): the blueprint compiles
//! to it, the inventory reads it from an account, and the renderer, planner and audit rules are
//! pure functions over it. See the README's architecture section.

pub mod apply;
pub mod atomic;
pub mod audit;
pub mod aws;
pub mod blueprint;
pub mod cli;
pub mod commands;
pub mod compile;
pub mod config;
pub mod exit;
pub mod inventory;
pub mod lens;
pub mod load;
pub mod model;
pub mod org;
pub mod plan;
pub mod prepare;
pub mod printer;
pub mod render;
pub mod scripts;
pub mod settings;
