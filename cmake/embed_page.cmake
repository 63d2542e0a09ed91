# Writes a C file holding the classroom page's template files (app/classroom/)
# as NUL-terminated strings, so that `jitsim classroom` writes the page from
# any directory. Variables: OUT (the C file), FILES (paths separated by |).
# Each file becomes `classroom_asset_STEM_EXT` and an entry of the table
# classroom_assets (app/classroom_page.h).
string(REPLACE "|" ";" FILES "${FILES}")
set(body "/* Generated from app/classroom/ by cmake/embed_page.cmake; do not edit. */\n")
string(APPEND body "#include \"classroom_page.h\"\n\n")
set(table "")
foreach(path ${FILES})
  get_filename_component(name ${path} NAME)
  string(MAKE_C_IDENTIFIER "${name}" id)
  file(READ ${path} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  file(SIZE ${path} size)
  string(APPEND body "static const unsigned char asset_${id}[] = {${bytes}0x00};\n")
  string(APPEND table "    {\"${name}\", (const char *)asset_${id}, ${size}},\n")
endforeach()
string(APPEND body "\nconst classroom_asset classroom_assets[] = {\n${table}    {0, 0, 0},\n};\n")
file(WRITE ${OUT}.tmp "${body}")
file(RENAME ${OUT}.tmp ${OUT})
