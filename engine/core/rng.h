// The engine's random source for everything decided on the host: data order, augmentation parameters,
// masks and permutations. One seeded generator whose full state can be saved in a checkpoint, so that a
// resumed run draws exactly what the uninterrupted one would have drawn.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace pretext::engine {

class Rng {
public:
    explicit Rng(uint64_t seed = 0) : m_engine(seed) {}

    double uniform(double lo = 0.0, double hi = 1.0) { return std::uniform_real_distribution<double>(lo, hi)(m_engine); }
    bool bernoulli(double p) { return p >= 1.0 || (p > 0.0 && uniform() < p); }
    // Uniform integer in [lo, hi] (both inclusive).
    int64_t integer(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(m_engine); }
    double normal(double mean = 0.0, double sd = 1.0) { return std::normal_distribution<double>(mean, sd)(m_engine); }
    uint64_t next() { return m_engine(); }
    std::mt19937_64 &engine() { return m_engine; }

    // Serialised engine state (text), for checkpoints.
    std::string state() const;
    void setState(const std::string &state);

private:
    std::mt19937_64 m_engine;
};

} // namespace pretext::engine
