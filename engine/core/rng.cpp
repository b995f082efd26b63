#include "engine/core/rng.h"

#include "engine/core/errors.h"

#include <sstream>

namespace pretext::engine {

std::string Rng::state() const
{
    std::ostringstream out;
    out << m_engine;
    return out.str();
}

void Rng::setState(const std::string &state)
{
    std::istringstream in(state);
    std::mt19937_64 e;
    in >> e;
    if (in.fail()) throw DataError("random generator state in the checkpoint is malformed");
    m_engine = e;
}

} // namespace pretext::engine
