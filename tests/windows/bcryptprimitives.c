/* bcryptprimitives.dll for Wine 8, which lacks it: Rust's standard library (pydantic-core,
   typst, watchfiles, python-calamine are Rust) takes its random numbers from ProcessPrng here
   on Windows 10 and later. RtlGenRandom (exported by advapi32 as SystemFunction036) gives the
   same: a buffer of cryptographic random bytes. Built by tests/windows/run.sh with
   x86_64-w64-mingw32-gcc -shared; used only by `make test-windows`, never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
