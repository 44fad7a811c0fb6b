# gongkai_module(<name> [PUBLIC_DEPS ...] [PRIVATE_DEPS ...] [PRECOMPILE <header>...])
#
# Declares the library target of one module folder: public headers live under
# include/gongkai/<name>/, everything else under src/. A dependency used only by the
# sources is linked PRIVATE so it does not leak to the module's users. PRECOMPILE names
# heavy third-party headers (Asio, Beast) to compile once per target instead of per file.
function(gongkai_module name)
    cmake_parse_arguments(ARG "" "" "PUBLIC_DEPS;PRIVATE_DEPS;PRECOMPILE" ${ARGN})
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp)
    add_library(gongkai_${name} STATIC ${sources})
    add_library(gongkai::${name} ALIAS gongkai_${name})
    target_include_directories(gongkai_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                               PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_link_libraries(gongkai_${name} PUBLIC ${ARG_PUBLIC_DEPS}
                                          PRIVATE ${ARG_PRIVATE_DEPS} gongkai_build_flags)
    if(ARG_PRECOMPILE)
        target_precompile_headers(gongkai_${name} PRIVATE ${ARG_PRECOMPILE})
    endif()
endfunction()

# gongkai_executable(<name> <sources...> DEPS ...)
function(gongkai_executable name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_DEPS} gongkai_build_flags gongkai_allocator)
endfunction()
