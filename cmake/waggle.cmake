# Helpers that give every folder under src/ the same shape: one library per
# folder, built with the project's warnings, and one test binary per
# `*_test.cc` file sitting beside the code.

set(WAGGLE_WARNINGS -Wall -Wextra -Werror -Wno-missing-field-initializers)
set(WAGGLE_SANITIZER_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)

function(waggle_apply_flags target)
  target_compile_options(${target} PRIVATE ${WAGGLE_WARNINGS})
  if(WAGGLE_SANITIZE)
    target_compile_options(${target} PRIVATE ${WAGGLE_SANITIZER_FLAGS})
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# waggle_library(NAME SRCS a.cc b.cc DEPS other_lib ...)
# Declares the library for one folder. Test files (`*_test.cc`) in the folder
# become separate test executables linked against it.
function(waggle_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SRCS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  waggle_apply_flags(${name})
  if(WAGGLE_TESTS)
    file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
    foreach(test_src ${tests})
      get_filename_component(test_name ${test_src} NAME_WE)
      set(test_target ${name}_${test_name})
      add_executable(${test_target} ${test_src})
      target_link_libraries(${test_target} PRIVATE ${name} GTest::gtest_main)
      waggle_apply_flags(${test_target})
      add_test(NAME ${name}.${test_name} COMMAND ${test_target})
      set_tests_properties(${name}.${test_name} PROPERTIES LABELS unit TIMEOUT 300)
    endforeach()
  endif()
endfunction()
