# Runs the Pester tests in this folder with Pester 6.2.0 restored from NuGet (tests/ps/Pester.proj) and prints a
# closing "Pester: N passed, N failed, N skipped" line that scripts/test.sh adds to its totals.
#   dotnet pwsh tests/ps/Invoke-Tests.ps1 [-ExcludeTag Integration]
param([string[]] $ExcludeTag = @())
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$packages = Join-Path $repo '.tools/nuget'
$module = Join-Path $packages 'pester/6.2.0/tools/Pester.psd1'
if (-not (Test-Path $module)) {
    & dotnet restore (Join-Path $PSScriptRoot 'Pester.proj') --packages $packages --verbosity quiet
    if ($LASTEXITCODE -ne 0) { [Console]::Error.WriteLine("tests/ps: restoring Pester 6.2.0 from NuGet failed (exit $LASTEXITCODE)"); exit 2 }
}
Import-Module $module -RequiredVersion 6.2.0 -Force

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Filter.ExcludeTag = $ExcludeTag
$result = Invoke-Pester -Configuration $config
Write-Host "Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
exit $(if ($result.Result -eq 'Passed') { 0 } else { 1 })
