# cmake/package.cmake — Debian packages made by CPack, so that an office server installs chiso
# without a compiler (README "Install on a server"):
#
#   cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr
#   cmake --build build-deb -j2 && (cd build-deb && cpack -G DEB)
#
# gives chiso_<version>_<arch>.deb (the command, its Vietnamese messages, the man page and the default
# dataset) and chiso-dev_<version>_<arch>.deb (the library, its headers and chiso.pc). The runtime
# libraries a package needs are found by dpkg-shlibdeps (dpkg-dev, which build-essential brings), so a
# library another part of chiso starts to use is a dependency without anyone having to remember it;
# what it cannot see is named here: the plplot cairo driver chiso's charts load at run time, and fonts.
set(CPACK_PACKAGE_NAME chiso)
set(CPACK_PACKAGE_VENDOR "chiso developers")
set(CPACK_PACKAGE_CONTACT "chiso developers <chiso@chiso.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "figures of party congress terms made comparable and checkable")
set(CPACK_PACKAGE_DESCRIPTION
    "chiso reads the figures party committees report per congress term (recruitment, discipline,\n"
    "inspection, the yearly classification of organisations and members), checks them, makes them\n"
    "comparable across terms, judges congress targets and writes tables, charts and reports for\n"
    "planning documents, in Vietnamese and English.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://chiso.invalid/")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME chiso)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION science)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "plplot-driver-cairo, fonts-dejavu-core")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_RECOMMENDS "fonts-noto-core")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME chiso-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "chiso (= ${PROJECT_VERSION}), libgsl-dev, libcsv-dev, libplplot-dev, libxlsxwriter-dev, libpng-dev")
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "the chiso command, its messages, man page and default dataset")
set(CPACK_COMPONENT_DEV_DESCRIPTION "the chiso library (static and shared), headers and pkg-config file")
if(CPACK_PACKAGING_INSTALL_PREFIX STREQUAL "/usr/local")
  message(STATUS "cpack -G DEB: configure with -DCMAKE_INSTALL_PREFIX=/usr for a package of /usr")
endif()
include(CPack)
