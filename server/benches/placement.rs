//! Placement over a pool of 1,000 servers: the time of one decision.
//! Run: `cargo bench -p server --bench placement`. Figures are recorded in docs/performance.md.

use convene::balancer::placement::{AdminState, Candidate, Filling, Health, Request, Weights, place};
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

fn pool(n: usize) -> Vec<Candidate> {
    // A deterministic spread of loads, states and places.
    (0..n)
        .map(|i| {
            let x = (i as u64).wrapping_mul(2_654_435_761) % 1000;
            Candidate {
                id: i as i64,
                name: format!("bbb{i}"),
                admin: if x.is_multiple_of(23) { AdminState::Cordoned } else { AdminState::Enabled },
                health: if x.is_multiple_of(31) { Health::Unstable } else { Health::Online },
                tags: if x.is_multiple_of(5) { vec!["recording".into()] } else { vec![] },
                capacity: 200 + (x % 300) as u32,
                participants: (x % 180) as u32,
                meetings: (x % 17) as u32,
                cpu: Some((x % 100) as f64 / 100.0),
                filling: vec![Filling { expected: 40, joined: (x % 40) as u32, created_at: 1_000 }],
                latitude: -60.0 + (x as f64 * 0.12),
                longitude: -170.0 + (x as f64 * 0.34),
                owner: None,
                shared: false,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let servers = pool(1_000);
    let req = Request { institution: None, expected_size: 30, tags: vec![], origin: Some((41.9, 12.5)), now: 1_600 };
    let weights = Weights::default();
    let mut n = 0usize;
    c.bench_function("place_1000_servers", |b| {
        b.iter(|| {
            let d = place(black_box(&servers), black_box(&req), &weights, &mut |k| {
                n = n.wrapping_add(1);
                n % k
            });
            black_box(d.map(|d| d.chosen.id).ok())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
