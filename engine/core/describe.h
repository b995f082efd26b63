// Exceptions as people read them. Torch-free, so that the window's error paths can use it without LibTorch's headers
// (the implementation, in compat.cpp, knows c10::Error).
#pragma once

#include <exception>
#include <string>

namespace pretext::engine {

// Whether error messages for people carry the C++ detail (LibTorch's backtraces): PRETEXT_VERBOSE=1 in the environment
// turns it on at start-up, pretext-cli's --verbose flag through setVerboseErrors().
bool verboseErrors();
void setVerboseErrors(bool verbose);

// The message of an exception for a person. LibTorch's c10::Error::what() appends a backtrace of many "frame #N"
// lines; it is left out (what_without_backtrace()) unless verbose. Other exceptions give what(), with any backtrace
// lines they carry cut as well unless verbose.
std::string describeException(const std::exception &e, bool verbose = verboseErrors());

} // namespace pretext::engine
