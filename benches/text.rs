//! Text benches: tokenizing and sentence splitting 1 MB of news-like text.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

mod common;

fn text(c: &mut Criterion) {
    let news = common::news(1 << 20);
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(news.len() as u64));
    g.sample_size(20);
    g.bench_function("tokenize/news-1MB", |b| {
        let mut buf = String::new();
        b.iter(|| {
            let mut n = 0usize;
            stancekit::text::tokens::for_each_token(&news, &mut buf, |t, _| n += t.len());
            n
        })
    });
    g.bench_function("sentences/news-1MB", |b| {
        b.iter(|| stancekit::text::sentences::split_sentences(&news).len())
    });
    g.bench_function("clean/news-1MB", |b| {
        b.iter(|| stancekit::text::clean::clean_article(&news).len())
    });
    g.finish();
}

criterion_group!(benches, text);
criterion_main!(benches);
