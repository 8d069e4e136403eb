# What `cmake --install` and the .deb put where, relative to the prefix, so
# that any prefix works (the binary finds its share folder from its own, at
# run time: engine/cli/cli_home.h):
#
#   component tool (the jixiao package)
#     bin/jixiao
#     share/jixiao/indicator-sets, scripts, data   the shipped sets, scripts and example records
#     share/man/man1/jixiao.1
#     share/bash-completion/completions/jixiao
#   component dev (the jixiao-dev package): embedding the engine
#     include/jixiao/*.h, LIBDIR/libjixiao.a, LIBDIR/pkgconfig/jixiao.pc
#
# The default database of an installed jixiao is the user's
# ($XDG_DATA_HOME/jixiao/jixiao.db), never a file under share/.
set(share ${CMAKE_INSTALL_DATADIR}/jixiao)
install(TARGETS jixiao RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tool)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/indicator-sets ${PROJECT_SOURCE_DIR}/scripts ${PROJECT_SOURCE_DIR}/data
        DESTINATION ${share} COMPONENT tool PATTERN "*.db*" EXCLUDE)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/jixiao.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT tool)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/jixiao.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME jixiao COMPONENT tool)

install(TARGETS jixiao_engine ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
# A stripping install (cmake --install --strip, cpack) strips executables only;
# the archive loses its debug sections too (about 130 MB to 5).
install(CODE "if(CMAKE_INSTALL_DO_STRIP)
  execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug
                  \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/$<TARGET_FILE_NAME:jixiao_engine>\"
                  COMMAND_ERROR_IS_FATAL ANY)
endif()" COMPONENT dev)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/engine/include/jixiao DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)
# jixiao.pc names its folders relative to its own, so it too holds for any prefix.
file(RELATIVE_PATH pc_to_prefix "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" pc_to_prefix "${pc_to_prefix}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/jixiao.pc.in ${PROJECT_BINARY_DIR}/jixiao.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/jixiao.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# cpack (in the build folder, after a build): build/packages/jixiao_VERSION_ARCH.deb
# and jixiao-dev_VERSION_ARCH.deb. The tool's dependencies are read from the
# libraries the binary links (dpkg-shlibdeps, from dpkg-dev). Installing
# (cmake --install, cpack) takes what is built and builds nothing: the
# tests package the build they run in, beside the other tests.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jixiao)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "jixiao maintainers")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_OUTPUT_FILE_PREFIX packages)  # packages/ of the folder cpack runs in
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)  # each package's description: first line the summary
set(CPACK_COMPONENTS_ALL tool dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_TOOL_PACKAGE_NAME jixiao)
set(CPACK_DEBIAN_TOOL_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_TOOL_PACKAGE_SHLIBDEPS ON)
set(CPACK_COMPONENT_TOOL_DESCRIPTION "scores budget performance evaluations (预算绩效评价)
Loads indicator systems from YAML, scores every leaf with a sandboxed Lua
script against a department's recorded actuals, and explains every point lost.")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME jixiao-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "liblua5.4-dev, libyaml-cpp-dev, libsqlitecpp-dev, libsqlite3-dev, libutf8proc-dev, libxlsxwriter-dev, libzip-dev, libpugixml-dev")
set(CPACK_DEBIAN_DEV_PACKAGE_RECOMMENDS jixiao)
set(CPACK_COMPONENT_DEV_DESCRIPTION "jixiao's engine to embed in another program
The static library libjixiao.a, its public headers (jixiao/jixiao.h) and
jixiao.pc: load a set, score and compare department-years, read results.")
include(CPack)
