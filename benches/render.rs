//! Compile + render of the retail reference blueprint and of a generated lake with 1,000 tables
//! and 100 streams (the sizes the README quotes). `scripts/bench-render` measures the whole
//! process, including start-up, loading and writing the files.

use std::fmt::Write;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use lakectl::blueprint::{Blueprint, Source};
use lakectl::compile::{self, CompileOptions};
use lakectl::render::{Format, Renderer};

/// A valid blueprint with `streams` streams (each delivered into raw) and `tables` tables
/// spread over the three default zones, in every table format. `scripts/bench-render` writes
/// the same shape.
fn generated(tables: usize, streams: usize) -> String {
    let mut y = String::from(
        "lake: { name: big, environment: perf, region: us-east-1, owner: perf@example.com }\n",
    );
    y.push_str("streams:\n");
    for s in 0..streams {
        writeln!(y, "  - {{ name: s{s:03} }}").unwrap();
    }
    y.push_str("delivery_streams:\n");
    for s in 0..streams {
        writeln!(
            y,
            "  - {{ name: d{s:03}, source_stream: s{s:03}, zone: raw, prefix: s{s:03}/, role: ingestion }}"
        )
        .unwrap();
    }
    y.push_str("catalog:\n  databases:\n");
    let formats = ["parquet", "orc", "avro", "json", "csv"];
    for zone in ["raw", "cleansed", "curated"] {
        writeln!(
            y,
            "    - name: big_{zone}\n      zone: {zone}\n      tables:"
        )
        .unwrap();
        for t in (0..tables).filter(|t| ["raw", "cleansed", "curated"][t % 3] == zone) {
            writeln!(
                y,
                "        - name: t{t:04}\n          prefix: t{t:04}/\n          format: {}\n          columns: [{{ name: id, type: string }}, {{ name: amount, type: \"decimal(12,2)\" }}, {{ name: at, type: timestamp }}]\n          partition_keys: [{{ name: day, type: date }}]",
                formats[t % formats.len()]
            )
            .unwrap();
        }
    }
    y.push_str(
        "  crawlers:\n    - { name: raw, database: big_raw, prefixes: [t0000/], role: crawler }
athena:
  workgroups:
    - { name: analysts }
lake_formation:
  admins: [admin]
  grants:
    - { principal: analyst, database: big_curated, permissions: [DESCRIBE] }
roles:
  - { name: ingestion, purpose: ingestion }
  - { name: crawler, purpose: crawler }
  - { name: etl, purpose: etl, reads: [raw, cleansed], writes: [cleansed, curated] }
  - { name: analyst, purpose: analyst, reads: [curated], workgroups: [analysts] }
  - { name: admin, purpose: admin }
",
    );
    y
}

/// A blueprint and its compile options (its job scripts read, relative to its file).
fn load(source: Source) -> (Blueprint, CompileOptions) {
    let blueprint = lakectl::load::text(&source, None).unwrap_or_else(|d| panic!("{d}"));
    let options = CompileOptions::reading(&blueprint, &source);
    (blueprint, options)
}

fn compile_and_render((blueprint, options): &(Blueprint, CompileOptions), format: Format) -> usize {
    let renderer = Renderer::new(format, None).unwrap();
    let model = compile::compile(blueprint, options);
    let files = renderer.render(&model).unwrap();
    files.iter().map(|f| f.contents.len()).sum()
}

fn bench(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/blueprints/retail-analytics.yaml"
    );
    let retail = load(Source::read(std::path::Path::new(path)).unwrap());
    let large = load(Source::new("generated", generated(1000, 100)));

    c.bench_function("compile+render retail-analytics yaml", |b| {
        b.iter(|| compile_and_render(black_box(&retail), Format::Yaml))
    });
    c.bench_function("compile+render retail-analytics json", |b| {
        b.iter(|| compile_and_render(black_box(&retail), Format::Json))
    });
    let mut group = c.benchmark_group("large");
    group.sample_size(20);
    group.bench_function("compile+render 1000 tables 100 streams yaml", |b| {
        b.iter(|| compile_and_render(black_box(&large), Format::Yaml))
    });
    group.bench_function("compile+render 1000 tables 100 streams json", |b| {
        b.iter(|| compile_and_render(black_box(&large), Format::Json))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
