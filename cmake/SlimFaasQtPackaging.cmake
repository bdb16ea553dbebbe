# SPDX-License-Identifier: MIT
# Debian packages of the install components, built by CPack from the build tree:
#   cpack --config build/CPackConfig.cmake -G DEB -B build/packages
#   libslimfaasqt0       libs     the shared libraries, the SlimFaas QML module, the licence
#   libslimfaasqt-dev    dev      headers, CMake package, pkg-config files, API reference (.qch)
#   slimfaas-tools       tools    slimfaas-emulator, slimfaas-tap, slimfaas-call, their man pages
#   slimfaas-monitor     monitor  the desktop app and its man page
# The packages install under /usr; their dependencies on Debian's Qt packages come from
# dpkg-shlibdeps (Debian: dpkg-dev).
set(CPACK_PACKAGE_NAME slimfaas-qt)
set(CPACK_PACKAGE_VENDOR "The slimfaas-qt authors")
set(CPACK_PACKAGE_CONTACT "The slimfaas-qt authors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL libs dev tools)
if(TARGET slimfaas-monitor)
    list(APPEND CPACK_COMPONENTS_ALL monitor)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The programs link the package's own libraries: dpkg-shlibdeps finds them in the build tree.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS
    ${PROJECT_BINARY_DIR}/lib/client ${PROJECT_BINARY_DIR}/lib/emulator
    ${PROJECT_BINARY_DIR}/lib/qml)

set(libs_package libslimfaasqt${PROJECT_VERSION_MAJOR})
set(same_version "(= ${PROJECT_VERSION})")

set(CPACK_DEBIAN_LIBS_PACKAGE_NAME ${libs_package})
set(CPACK_COMPONENT_LIBS_DESCRIPTION
    "SlimFaas client and emulator libraries for Qt 6\n The shared libraries of slimfaas-qt: SlimFaasQt::Client connects a program to\n SlimFaas as a virtual function over one WebSocket; SlimFaasQt::Emulator plays\n the SlimFaas server on one machine; and the SlimFaas QML module.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libslimfaasqt-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "${libs_package} ${same_version}, qt6-base-dev, qt6-websockets-dev")
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "qt6-declarative-dev")
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "SlimFaas client and emulator libraries for Qt 6 (development files)\n Headers, CMake package (find_package(SlimFaasQt COMPONENTS Client Emulator Qml)),\n pkg-config files and the API reference (HTML and a .qch for Qt Creator).")

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME slimfaas-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_TOOLS_PACKAGE_DEPENDS "${libs_package} ${same_version}")
set(CPACK_COMPONENT_TOOLS_DESCRIPTION
    "SlimFaas emulator and command-line tools\n slimfaas-emulator plays the SlimFaas server for WebSocket functions on one\n machine; slimfaas-tap registers as a function and prints what SlimFaas sends;\n slimfaas-call calls functions, queues async calls and publishes events.")

set(CPACK_DEBIAN_MONITOR_PACKAGE_NAME slimfaas-monitor)
set(CPACK_DEBIAN_MONITOR_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_MONITOR_PACKAGE_DEPENDS "${libs_package} ${same_version}")
set(CPACK_COMPONENT_MONITOR_DESCRIPTION
    "Desktop monitor for SlimFaas virtual functions\n slimfaas-monitor shows what SlimFaas sends a function, live, and lets you\n answer it by hand or with rules; with no SlimFaas, on its embedded emulator.")

include(CPack)
