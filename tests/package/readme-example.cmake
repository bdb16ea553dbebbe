# SPDX-License-Identifier: MIT
# README.md shows examples/hello-function/main.cpp (or EXAMPLE, from FIRST_LINE on); this
# keeps the two identical, so the example a reader copies is the one the build compiles.
if(NOT EXAMPLE)
    set(EXAMPLE examples/hello-function/main.cpp)
    set(FIRST_LINE "#include <slimfaasclient.h>")
endif()
file(READ "${SOURCE_DIR}/README.md" readme)
file(READ "${SOURCE_DIR}/${EXAMPLE}" example)
string(FIND "${example}" "${FIRST_LINE}" start)
string(SUBSTRING "${example}" ${start} -1 body)
string(FIND "${readme}" "${body}" found)
if(found EQUAL -1)
    message(FATAL_ERROR "README.md no longer shows ${EXAMPLE} as it is")
endif()
