# Every dependency comes from a Debian 12 package installed by scripts/setup.sh.
# Gui (image decoding for calibration data) is part of the core; Widgets and the rest only
# with the desktop app.
set(_silica_qt_components Core Gui Test)
if(SILICA_BUILD_GUI)
    list(APPEND _silica_qt_components Widgets Concurrent Svg PrintSupport LinguistTools)
endif()
find_package(Qt6 6.4 REQUIRED COMPONENTS ${_silica_qt_components})
qt_standard_project_setup()
set(CMAKE_AUTOMOC ON)

find_package(Protobuf REQUIRED)
find_package(spdlog REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
# oneDNN: the runtime's Conv / MatMul / Gemm kernels (core/runtime, next issue).
find_package(dnnl REQUIRED)
if(SILICA_BUILD_GUI)
    # QCustomPlot's Qt 6 build needs PrintSupport found first (done above).
    find_package(QCustomPlotQt6 REQUIRED)
endif()

# libonnx ships no CMake config: link its two libraries by name.
find_library(ONNX_LIBRARY onnx REQUIRED)
find_library(ONNX_PROTO_LIBRARY onnx_proto REQUIRED)
find_path(ONNX_INCLUDE_DIR onnx/onnx_pb.h REQUIRED)
add_library(silica_onnx INTERFACE)
target_link_libraries(silica_onnx INTERFACE ${ONNX_LIBRARY} ${ONNX_PROTO_LIBRARY} protobuf::libprotobuf)
target_include_directories(silica_onnx SYSTEM INTERFACE ${ONNX_INCLUDE_DIR})
target_compile_definitions(silica_onnx INTERFACE ONNX_ML=1 ONNX_NAMESPACE=onnx)
