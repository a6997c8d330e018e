# Sign FieldKit's Windows programs (the built executables, then the installer) with the force's
# code-signing certificate. The certificate comes from CI secrets, never from the repository:
#   WINDOWS_SIGN_PFX_BASE64    the certificate with its private key (.pfx), base64-encoded
#   WINDOWS_SIGN_PFX_PASSWORD  the .pfx password
#   WINDOWS_SIGN_TIMESTAMP_URL optional RFC 3161 timestamp server (default below)
# With no certificate given it signs nothing, says so in one line and succeeds, so an unsigned
# build still goes through the whole pipeline (and SmartScreen will warn about it).
# Usage: pwsh packaging/windows/sign.ps1 FILE [FILE ...]
param([Parameter(Mandatory = $true, ValueFromRemainingArguments = $true)][string[]]$Files)
$ErrorActionPreference = 'Stop'

if (-not $env:WINDOWS_SIGN_PFX_BASE64) {
    Write-Host "code signing skipped: WINDOWS_SIGN_PFX_BASE64 is not set, so these stay unsigned: $($Files -join ', ')"
    exit 0
}
$timestamp = if ($env:WINDOWS_SIGN_TIMESTAMP_URL) { $env:WINDOWS_SIGN_TIMESTAMP_URL } else { 'http://timestamp.digicert.com' }
$signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" |
    Sort-Object FullName -Descending | Select-Object -First 1
if (-not $signtool) { throw 'signtool.exe not found (install the Windows SDK)' }

$temp = if ($env:RUNNER_TEMP) { $env:RUNNER_TEMP } else { $env:TEMP }
$pfx = Join-Path $temp 'fieldkit-sign.pfx'
[IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_SIGN_PFX_BASE64))
try {
    & $signtool.FullName sign /fd SHA256 /f $pfx /p $env:WINDOWS_SIGN_PFX_PASSWORD `
        /tr $timestamp /td SHA256 /d FieldKit @Files
    if ($LASTEXITCODE -ne 0) { throw "signtool sign failed ($LASTEXITCODE)" }
    & $signtool.FullName verify /pa @Files
    if ($LASTEXITCODE -ne 0) { throw "signtool verify failed ($LASTEXITCODE)" }
    Write-Host "code signing done: $($Files -join ', ')"
}
finally {
    Remove-Item -Force -ErrorAction SilentlyContinue $pfx
}
