//! `lakectl render`: compile a blueprint and write its CloudFormation template, IAM policies,
//! bucket policies and manifest to a directory.

use crate::blueprint;
use crate::cli::{RenderArgs, TemplateFormat};
use crate::compile::{self as model, CompileOptions};
use crate::exit::Exit;
use crate::render::{Format, Renderer, output};

pub fn run(args: RenderArgs) -> anyhow::Result<Exit> {
    let format = match args.format {
        TemplateFormat::Yaml => Format::Yaml,
        TemplateFormat::Json => Format::Json,
    };
    // Templates first: a broken override is reported before any other work.
    let renderer = Renderer::new(format, args.templates_dir.as_deref())?;
    let (blueprint, _) = match blueprint::load(&args.blueprint) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return Ok(Exit::Error);
        }
    };
    if let Some(account) = &args.account_id
        && blueprint::names::account_id(account).is_err()
    {
        anyhow::bail!("--account-id {account:?} must be exactly 12 digits");
    }
    let model = model::compile(
        &blueprint,
        &CompileOptions {
            account: args.account_id.clone(),
        },
    );
    let files = renderer.render(&model)?;
    let written = output::write_all(&args.out, &files)?;
    println!(
        "rendered {} ({}) into {}:",
        model.lake.name,
        model.lake.environment,
        args.out.display()
    );
    for file in &files {
        println!("  wrote {}", file.path);
    }
    for path in &written.removed {
        println!("  removed {path} (no longer rendered)");
    }
    Ok(Exit::Success)
}
