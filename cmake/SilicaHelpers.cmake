# Small helpers so each target declaration stays a few lines.

set(SILICA_WARNINGS -Wall -Wextra)

# Qt hygiene for our own code (see STYLE.md).
set(SILICA_QT_DEFINITIONS QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH)

# silica_add_library(NAME SOURCES ... LINK ...)
function(silica_add_library name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LINK;PRIVATE_LINK" ${ARGN})
    add_library(${name} STATIC ${ARG_SOURCES})
    target_compile_options(${name} PRIVATE ${SILICA_WARNINGS})
    target_compile_definitions(${name} PRIVATE ${SILICA_QT_DEFINITIONS})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} PUBLIC ${ARG_LINK} PRIVATE ${ARG_PRIVATE_LINK})
endfunction()

# silica_add_test(NAME SOURCES ... LINK ... [GUI] [LABELS ...])
# One Qt Test executable per suite, registered with CTest.
function(silica_add_test name)
    cmake_parse_arguments(ARG "GUI" "TIMEOUT" "SOURCES;LINK;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_compile_options(${name} PRIVATE ${SILICA_WARNINGS})
    target_compile_definitions(${name} PRIVATE ${SILICA_QT_DEFINITIONS}
        SILICA_SOURCE_DIR="${PROJECT_SOURCE_DIR}" SILICA_BINARY_DIR="${PROJECT_BINARY_DIR}")
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LINK})
    # Suites driving the CLI or the main window load the device plugins.
    if("silica_app" IN_LIST ARG_LINK OR "silica_cli" IN_LIST ARG_LINK OR "silica_device" IN_LIST ARG_LINK)
        silica_enable_device_plugins(${name})
    endif()
    add_test(NAME ${name} COMMAND ${name})
    set(env "QT_QPA_PLATFORM=offscreen")
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 600)
    endif()
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}")
endfunction()

# An executable that loads device backend plugins: it exports its symbols and carries all of
# the device engine (and what it uses), so plugins resolve them from it at load time.
function(silica_enable_device_plugins target)
    set_target_properties(${target} PROPERTIES ENABLE_EXPORTS ON)
    target_link_libraries(${target} PRIVATE silica_device)
    target_link_options(${target} PRIVATE
        "LINKER:--whole-archive" "$<TARGET_FILE:silica_device>" "LINKER:--no-whole-archive")
    if(TARGET silica_device_plugins)
        add_dependencies(${target} silica_device_plugins)
    endif()
endfunction()
