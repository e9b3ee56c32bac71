/* Indicator-like strings (documentation addresses and example domains) for the strings extractor. */
#include <windows.h>
#include <stdio.h>

static const char *indicators[] __attribute__((used)) = {
  "http://update.example.com/merc-demo/gate.php",
  "198.51.100.7",
  "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run",
  "Global\\MercDemoMutex",
};
static const wchar_t *wide[] __attribute__((used)) = {
  L"C:\\ProgramData\\MercDemo\\settings.ini",
};

int main(void) {
  HANDLE m = CreateMutexA(NULL, FALSE, indicators[3]);
  printf("%s %ls\n", indicators[0], wide[0]);
  if (m) CloseHandle(m);
  return 0;
}
