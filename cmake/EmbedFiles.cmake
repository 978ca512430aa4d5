# medbrief_embed_migrations(<target> <schema> <files...>)
# Embeds numbered .sql migration files (NNNN_name.sql) into a generated .cc
# and a header <schema>_migrations.h declaring `const medbrief::db::MigrationSet& medbrief::<schema>::Migrations()`.
# The bytes are written as a hex array, so no file content can break the C++.
function(medbrief_embed_migrations target schema)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${schema}_migrations.cc")
  set(files)
  foreach(f IN LISTS ARGN)
    list(APPEND files "${CMAKE_CURRENT_SOURCE_DIR}/${f}")
  endforeach()
  add_custom_command(
    OUTPUT "${out}" "${CMAKE_CURRENT_BINARY_DIR}/${schema}_migrations.h"
    COMMAND ${CMAKE_COMMAND} -DSCHEMA=${schema} -DOUT=${out} "-DFILES=${files}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_migrations.cmake"
    DEPENDS ${files} "${PROJECT_SOURCE_DIR}/cmake/embed_migrations.cmake"
    COMMENT "Embedding ${schema} migrations"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
  target_include_directories(${target} PUBLIC "${CMAKE_CURRENT_BINARY_DIR}")
endfunction()

# medbrief_embed_text(<target> <Name> <file>)
# Compiles <file> into <target> as `absl::string_view medbrief::embedded::<Name>()`,
# declared in the generated header "<Name>.h".
function(medbrief_embed_text target name file)
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/embedded")
  set(src "${CMAKE_CURRENT_SOURCE_DIR}/${file}")
  add_custom_command(
    OUTPUT "${dir}/${name}.cc" "${dir}/${name}.h"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
    COMMAND ${CMAKE_COMMAND} -DNAME=${name} -DFILE=${src} -DOUT_CC=${dir}/${name}.cc -DOUT_H=${dir}/${name}.h
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake"
    DEPENDS "${src}" "${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake"
    COMMENT "Embedding ${file}"
    VERBATIM)
  target_sources(${target} PRIVATE "${dir}/${name}.cc")
  target_include_directories(${target} PUBLIC "${dir}")
endfunction()
