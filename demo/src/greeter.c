/* A DLL with named exports, for the exports table. */
#include <windows.h>

__declspec(dllexport) int merc_demo_add(int a, int b) { return a + b; }
__declspec(dllexport) const char *merc_demo_name(void) { return "merc-demo"; }

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) { return TRUE; }
