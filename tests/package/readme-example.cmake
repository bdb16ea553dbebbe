# README.md shows examples/hello-function/main.cpp; this keeps the two identical, so the
# example a reader copies is the one the build compiles.
file(READ "${SOURCE_DIR}/README.md" readme)
file(READ "${SOURCE_DIR}/examples/hello-function/main.cpp" example)
string(FIND "${example}" "#include <slimfaasclient.h>" start)
string(SUBSTRING "${example}" ${start} -1 body)
string(FIND "${readme}" "${body}" found)
if(found EQUAL -1)
    message(FATAL_ERROR "README.md no longer shows examples/hello-function/main.cpp as it is")
endif()
