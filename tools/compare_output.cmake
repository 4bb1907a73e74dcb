# CTest helper: runs EXE (with ARGS) and compares its stdout with the file EXPECTED, line by line;
# on a mismatch prints a unified diff and fails.
execute_process(COMMAND ${EXE} ${ARGS} OUTPUT_VARIABLE out RESULT_VARIABLE rc
  WORKING_DIRECTORY ${WORKDIR})
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} exited with ${rc}\n${out}")
endif()
file(READ ${EXPECTED} expected)
if(NOT out STREQUAL expected)
  file(WRITE ${ACTUAL} "${out}")
  execute_process(COMMAND diff -u ${EXPECTED} ${ACTUAL})
  message(FATAL_ERROR "output of ${EXE} differs from ${EXPECTED} (actual output in ${ACTUAL})")
endif()
