# Warnings for the project's own targets: strict, and errors, so new code stays
# warning-free. Generated protobuf code is built without them.
# A service binary linked with the libraries after `target`: jemalloc
# replaces glibc's malloc, linked ahead of them so it binds malloc and free
# for the whole process.
function(medbrief_service_binary target)
  target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC ${ARGN})
  medbrief_strict(${target})
  install(TARGETS ${target} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()

function(medbrief_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  if(MEDBRIEF_THREAD_SAFETY AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    target_compile_options(${target} PRIVATE -Wthread-safety -Wthread-safety-beta)
  endif()
endfunction()
