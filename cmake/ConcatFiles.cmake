# cmake -DOUTPUT=file -DINPUTS="a;b;c" -P ConcatFiles.cmake
# Joins the install-script fragments in sql/ into one extension script.
file(WRITE "${OUTPUT}.tmp" "")
foreach(input IN LISTS INPUTS)
  file(READ "${input}" content)
  file(APPEND "${OUTPUT}.tmp" "${content}\n")
endforeach()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
