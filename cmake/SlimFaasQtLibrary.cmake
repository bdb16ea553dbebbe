# SPDX-License-Identifier: MIT
include(GenerateExportHeader)

# slimfaas_add_library(<target> EXPORT_NAME <name> EXPORT_MACRO_BASE <BASE>
#                      SOURCES <files...> PUBLIC_HEADERS <headers...>
#                      [FORWARDING_HEADERS <Name=header.h>...])
# A shared library of the SlimFaasQt package: alias SlimFaasQt::<name>, a generated export
# header (<target without dashes>_export.h), hidden symbols by default, installed with its
# public headers under include/SlimFaasQt. Each FORWARDING_HEADERS entry generates a
# CamelCase header <Name> that includes <header.h>, as Qt modules install them, so users
# write #include <SlimFaasClient>. The library goes to the install component "libs", its
# headers, its development link and its CMake targets (export set SlimFaasQt<name>Targets,
# the package's component <name>) to "dev".
function(slimfaas_add_library target)
    cmake_parse_arguments(ARG "" "EXPORT_NAME;EXPORT_MACRO_BASE;EXPORT_HEADER"
                          "SOURCES;PUBLIC_HEADERS;FORWARDING_HEADERS" ${ARGN})
    set(forwarding_dir ${CMAKE_CURRENT_BINARY_DIR}/forwarding)
    set(forwarding_files)
    foreach(entry IN LISTS ARG_FORWARDING_HEADERS)
        string(REPLACE "=" ";" pair "${entry}")
        list(GET pair 0 name)
        list(GET pair 1 header)
        file(CONFIGURE OUTPUT ${forwarding_dir}/${name} CONTENT "#include \"${header}\"\n")
        list(APPEND forwarding_files ${forwarding_dir}/${name})
    endforeach()
    add_library(${target} SHARED ${ARG_SOURCES})
    add_library(SlimFaasQt::${ARG_EXPORT_NAME} ALIAS ${target})
    generate_export_header(${target}
        BASE_NAME ${ARG_EXPORT_MACRO_BASE}
        EXPORT_FILE_NAME ${CMAKE_CURRENT_BINARY_DIR}/${ARG_EXPORT_HEADER})
    set_target_properties(${target} PROPERTIES
        OUTPUT_NAME SlimFaasQt${ARG_EXPORT_NAME}
        EXPORT_NAME ${ARG_EXPORT_NAME}
        VERSION ${PROJECT_VERSION}
        SOVERSION ${PROJECT_VERSION_MAJOR}
        CXX_VISIBILITY_PRESET hidden
        VISIBILITY_INLINES_HIDDEN ON)
    target_include_directories(${target} PUBLIC
        $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}>
        $<BUILD_INTERFACE:${CMAKE_CURRENT_BINARY_DIR}>
        $<BUILD_INTERFACE:${forwarding_dir}>
        $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/SlimFaasQt>)
    install(TARGETS ${target} EXPORT SlimFaasQt${ARG_EXPORT_NAME}Targets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT libs NAMELINK_COMPONENT dev
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT libs)
    install(FILES ${ARG_PUBLIC_HEADERS} ${CMAKE_CURRENT_BINARY_DIR}/${ARG_EXPORT_HEADER}
                  ${forwarding_files}
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/SlimFaasQt COMPONENT dev)
    slimfaas_install_package_component(${ARG_EXPORT_NAME} ${target})
endfunction()

# slimfaas_install_package_component(<Name> <target> [REQUIRES <pkg-config modules...>])
# Installs the CMake targets of the package's component <Name> (SlimFaasQt<Name>Targets.cmake,
# which SlimFaasQtConfig.cmake includes when the component is asked for) and a pkg-config
# file, slimfaasqt-<name>.pc, for the library <target>. REQUIRES defaults to what every
# library of the package needs.
function(slimfaas_install_package_component name target)
    cmake_parse_arguments(ARG "" "" "REQUIRES" ${ARGN})
    if(NOT ARG_REQUIRES)
        set(ARG_REQUIRES Qt6Core Qt6Network Qt6WebSockets)
        if(NOT name STREQUAL "Client")
            list(PREPEND ARG_REQUIRES slimfaasqt-client)
        endif()
    endif()
    install(EXPORT SlimFaasQt${name}Targets
        NAMESPACE SlimFaasQt::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/SlimFaasQt
        COMPONENT dev)
    string(TOLOWER ${name} lower)
    list(JOIN ARG_REQUIRES " " requires)
    get_target_property(output_name ${target} OUTPUT_NAME)
    # Relocatable: the prefix is found from where the file is, wherever it was installed.
    file(RELATIVE_PATH pc_to_prefix /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
    set(pc ${PROJECT_BINARY_DIR}/pkgconfig/slimfaasqt-${lower}.pc)
    file(CONFIGURE OUTPUT ${pc} CONTENT [=[
prefix=${pcfiledir}/@pc_to_prefix@
libdir=${prefix}/@CMAKE_INSTALL_LIBDIR@
includedir=${prefix}/@CMAKE_INSTALL_INCLUDEDIR@

Name: SlimFaasQt @name@
Description: @PROJECT_DESCRIPTION@ (@name@)
Version: @PROJECT_VERSION@
Requires: @requires@
Libs: -L${libdir} -l@output_name@
Cflags: -I${includedir}/SlimFaasQt
]=] @ONLY)
    install(FILES ${pc} DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)
endfunction()
