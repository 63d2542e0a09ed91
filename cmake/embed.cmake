# Writes a C file holding the bytes of each scenario file, so that the
# built-in lessons run from any directory and after installation.
# Variables: OUT (the C file), FILES (a ;-list of paths).
set(body "/* Generated from scenarios/ by cmake/embed.cmake; do not edit. */\n")
string(APPEND body "#include \"builtin.h\"\n\n")
set(table "")
set(i 0)
foreach(path ${FILES})
  get_filename_component(stem ${path} NAME_WE)
  file(READ ${path} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  file(SIZE ${path} size)
  string(APPEND body "static const unsigned char scenario_${i}[] = {${bytes}0x00};\n")
  string(APPEND table "    {\"${stem}\", (const char *)scenario_${i}, ${size}},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "\nconst builtin_scenario builtin_scenarios[] = {\n${table}    {0, 0, 0},\n};\n")
file(WRITE ${OUT}.tmp "${body}")
file(RENAME ${OUT}.tmp ${OUT})
