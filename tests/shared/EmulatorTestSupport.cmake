# SPDX-License-Identifier: MIT
# What the emulator's tests share: a function speaking raw protocol, a harness that runs an
# emulator on free loopback ports, and a test-case base that gives each test function one.
# Each tests/auto/emulator*/ folder includes this file; the library is defined once.
include_guard(GLOBAL)

add_library(slimfaas-emulator-testsupport STATIC
    ${CMAKE_CURRENT_LIST_DIR}/rawfunction.h ${CMAKE_CURRENT_LIST_DIR}/rawfunction.cpp
    ${CMAKE_CURRENT_LIST_DIR}/emulatorharness.h ${CMAKE_CURRENT_LIST_DIR}/emulatorharness.cpp
    ${CMAKE_CURRENT_LIST_DIR}/emulatortestcase.h ${CMAKE_CURRENT_LIST_DIR}/emulatortestcase.cpp)
target_include_directories(slimfaas-emulator-testsupport PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(slimfaas-emulator-testsupport
    PUBLIC SlimFaasQt::Emulator SlimFaasQt::Client Qt6::Network Qt6::WebSockets Qt6::Test)
