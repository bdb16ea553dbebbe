include(GenerateExportHeader)

# slimfaas_add_library(<target> EXPORT_NAME <name> EXPORT_MACRO_BASE <BASE>
#                      SOURCES <files...> PUBLIC_HEADERS <headers...>)
# A shared library of the SlimFaasQt package: alias SlimFaasQt::<name>, a generated export
# header (<target without dashes>_export.h), hidden symbols by default, installed with its
# public headers under include/SlimFaasQt.
function(slimfaas_add_library target)
    cmake_parse_arguments(ARG "" "EXPORT_NAME;EXPORT_MACRO_BASE;EXPORT_HEADER"
                          "SOURCES;PUBLIC_HEADERS" ${ARGN})
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
        $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/SlimFaasQt>)
    install(TARGETS ${target} EXPORT SlimFaasQtTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    install(FILES ${ARG_PUBLIC_HEADERS} ${CMAKE_CURRENT_BINARY_DIR}/${ARG_EXPORT_HEADER}
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/SlimFaasQt)
endfunction()
