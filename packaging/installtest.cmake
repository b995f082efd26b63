# An installed tree works without the build tree's help: installs every component into PREFIX, then runs the
# installed pretext-cli from outside the source tree and checks that it read the installed golden vectors.
#   cmake -DBUILD_DIR=build -DPREFIX=DIR -DDATA_DESTINATION=share/pretext-workbench -DVERSION=0.1.0
#         -DMETAINFO=FILE -DMAN_PAGES=ON|OFF -P installtest.cmake
cmake_minimum_required(VERSION 3.21)

# check("rc EQUAL 0" "message"): fails the test with the message unless the condition holds.
function(check condition message)
    cmake_language(EVAL CODE "if(NOT (${condition}))\n message(FATAL_ERROR [==[${message}]==])\nendif()")
endfunction()

file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
check("rc EQUAL 0" "cmake --install failed:\n${out}")

set(data "${PREFIX}/${DATA_DESTINATION}")
set(expected "${PREFIX}/bin/pretext-cli" "${data}/golden.json" "${data}/samples/classroom-fashion-mnist.json"
             "${data}/tools/reference_simclr_bench.py" "${PREFIX}/share/doc/pretext-workbench/copyright")
if(MAN_PAGES)
    list(APPEND expected "${PREFIX}/share/man/man1/pretext-cli.1.gz")
endif()
foreach(f ${expected})
    check("EXISTS \"${f}\"" "not installed: ${f}")
endforeach()

execute_process(COMMAND "${PREFIX}/bin/pretext-cli" --version RESULT_VARIABLE rc OUTPUT_VARIABLE out)
check("rc EQUAL 0" "installed pretext-cli --version exited ${rc}")
string(FIND "${out}" " ${VERSION} " at)
check("at GREATER -1" "installed pretext-cli --version does not say ${VERSION}: ${out}")

# From the prefix, not the checkout: the golden file must be the installed one.
execute_process(COMMAND "${PREFIX}/bin/pretext-cli" verify WORKING_DIRECTORY "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
check("rc EQUAL 0" "installed pretext-cli verify exited ${rc}:\n${out}${err}")
string(FIND "${out}" "golden vectors: ${data}/golden.json" at)
check("at GREATER -1" "installed pretext-cli verify did not read ${data}/golden.json:\n${out}")

# The metainfo's newest release is this version (software centres show it).
file(READ "${METAINFO}" metainfo)
string(REGEX MATCH "<release version=\"([^\"]+)\"" _ "${metainfo}")
check("CMAKE_MATCH_1 STREQUAL VERSION" "${METAINFO}: newest release is ${CMAKE_MATCH_1}, the project is ${VERSION}")

file(REMOVE_RECURSE "${PREFIX}")
message(STATUS "installed tree works: ${PREFIX}")
