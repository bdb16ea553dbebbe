# SPDX-License-Identifier: MIT
# Extracts the README's QML snippet (the first ```qml block) and runs qmllint on it against
# the module built in this tree: the installed .qmltypes must describe what the README uses.
# -DREADME=<README.md> -DQMLLINT=<qmllint> -DIMPORT_PATH=<build>/qml -DOUT=<file.qml>
file(READ ${README} text)
string(REGEX MATCH "```qml\n([^`]*)```" block "${text}")
if(NOT CMAKE_MATCH_1)
    message(FATAL_ERROR "no ```qml block in ${README}")
endif()
string(REGEX REPLACE "\n  " "\n" snippet "\n${CMAKE_MATCH_1}")
file(WRITE ${OUT} "${snippet}")
execute_process(COMMAND ${QMLLINT} -I ${IMPORT_PATH} ${OUT}
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0 OR output MATCHES "Warning")
    message(FATAL_ERROR "qmllint found problems in the README's QML snippet:\n${output}")
endif()
