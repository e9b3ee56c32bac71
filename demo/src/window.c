/* A GUI-subsystem program that imports from user32. */
#include <windows.h>

int WINAPI WinMain(HINSTANCE h, HINSTANCE p, LPSTR cmd, int show) {
  MessageBoxA(NULL, "Merc demo", "A GUI sample", MB_OK);
  return 0;
}
