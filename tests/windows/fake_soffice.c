/* A stand-in for LibreOffice's soffice.exe, put under C:\Program Files\LibreOffice\program by
   the Windows suite: tzreport must find it there (the LibreOffice installer does not add itself
   to PATH) and run it the way it runs LibreOffice. It appends its command line to calls.txt
   beside itself, and for each .docx named writes <outdir>\<name>.pdf (a marker, not a real
   PDF). */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

static wchar_t here[MAX_PATH];

static FILE *beside(const wchar_t *name, const wchar_t *mode)
{
    wchar_t path[MAX_PATH];
    _snwprintf(path, MAX_PATH, L"%ls\\%ls", here, name);
    return _wfopen(path, mode);
}

int wmain(int argc, wchar_t **argv)
{
    wchar_t *slash;
    GetModuleFileNameW(NULL, here, MAX_PATH);
    slash = wcsrchr(here, L'\\');
    if (slash) *slash = 0;
    FILE *log = beside(L"calls.txt", L"a, ccs=UTF-8");
    if (log) {
        fwprintf(log, L"%ls\n", GetCommandLineW());
        fclose(log);
    }
    const wchar_t *outdir = L".";
    for (int i = 1; i + 1 < argc; i++)
        if (wcscmp(argv[i], L"--outdir") == 0)
            outdir = argv[i + 1];
    for (int i = 1; i < argc; i++) {
        size_t n = wcslen(argv[i]);
        if (n < 5 || _wcsicmp(argv[i] + n - 5, L".docx") != 0)
            continue;
        const wchar_t *name = wcsrchr(argv[i], L'\\');
        name = name ? name + 1 : argv[i];
        wchar_t pdf[MAX_PATH];
        _snwprintf(pdf, MAX_PATH, L"%ls\\%.*ls.pdf", outdir, (int)(wcslen(name) - 5), name);
        FILE *out = _wfopen(pdf, L"wb");
        if (!out)
            return 1;
        fprintf(out, "%%PDF-1.4\n%% fake soffice.exe\n%%%%EOF\n");
        fclose(out);
    }
    return 0;
}
