# SPDX-License-Identifier: MIT
include(GenerateExportHeader)

# slimfaas_add_library(<target> EXPORT_NAME <name> EXPORT_MACRO_BASE <BASE>
#                      SOURCES <files...> PUBLIC_HEADERS <headers...>
#                      [FORWARDING_HEADERS <Name=header.h>...])
# A shared library of the SlimFaasQt package: alias SlimFaasQt::<name>, a generated export
# header (<target without dashes>_export.h), hidden symbols by default, installed with its
# public headers under include/SlimFaasQt. Each FORWARDING_HEADERS entry generates a
# CamelCase header <Name> that includes <header.h>, as Qt modules install them, so users
# write #include <SlimFaasClient>.
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
    install(TARGETS ${target} EXPORT SlimFaasQtTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    install(FILES ${ARG_PUBLIC_HEADERS} ${CMAKE_CURRENT_BINARY_DIR}/${ARG_EXPORT_HEADER}
                  ${forwarding_files}
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/SlimFaasQt)
endfunction()
