# Warnings for the project's own targets: strict, and errors, so new code stays
# warning-free. Generated protobuf code is built without them.
function(medbrief_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  if(MEDBRIEF_THREAD_SAFETY AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    target_compile_options(${target} PRIVATE -Wthread-safety -Wthread-safety-beta)
  endif()
endfunction()
