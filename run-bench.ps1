<#
.SYNOPSIS
    The main job of PatchBench on a fresh machine: set-up, build, the default benchmark, throughput, the site.

.DESCRIPTION
    Runs, in order, stopping at the first step that cannot go on:
      1. set-up    scripts/setup.sh: the Debian packages named in scripts/packages.txt, NuGet restore, native libraries
      2. build     dotnet build PatchBench.sln -c Release
      3. train     when no -System is given: patchbench train, the embedded checkpoint family (-Family, issue #17),
                   trained on suites/fewshot and Debian's Pd documentation if missing (cached by a hash of data, code
                   and settings, so a second main job finds it at once); docs/training.md
      4. run       patchbench run over -Suite (suites/core) with the reference (ceiling), the retrieval few-shot
                   baseline and empty (floor), every checkpoint of the family through -FamilyBackend (onnx:) and the
                   last one also through the other backend (llamacpp:, same weights), plus llamacpp: for every models/*.gguf and onnx: for every
                   models/*/genai_config.json; finished samples are reused, so a second run only does what is missing
      5. throughput  patchbench throughput for each GGUF model and each family checkpoint (llama-bench style pp/tg),
                   once per model
      6. gate      patchbench gate of the family's last checkpoint against the one before, its Markdown written to
                   -Out/gate/<last checkpoint>.md for the site; a regression it finds is reported, not a failure
      7. site      patchbench site over every run in -Out, and the file:// address of the leaderboard

    The logic lives in the C# command line (patchbench); this script only composes its commands.
    A failing step prints its name and the command's exit code and the script exits with that code. The one
    exception is a run that failed (exit 1, e.g. a crash mid-run): its finished samples are kept, so the site is still
    built from them, and the script exits 1 at the end. Exit codes are DESIGN.md's: 1 the run failed, 2 unusable input.

    PATCHBENCH_CLI, when set, is the command used instead of the built patchbench.dll (tests use a fake one).

.PARAMETER Limit
    Run a seeded random subset of N items (patchbench run --limit).

.PARAMETER Seed
    Seed of -Limit's subset and of the bootstrap intervals (patchbench run --seed).

.PARAMETER Samples
    Samples per item (patchbench run --samples).

.PARAMETER System
    System specs to run instead of the default set, e.g. reference, 'llamacpp:models/x.gguf,temperature=0.2'.
    Several are separated by commas: -System reference,empty,'llamacpp:models/x.gguf,template=mistral' (a piece
    with '=' is an option of the spec before it).

.PARAMETER Suite
    The suite folder (default suites/core).

.PARAMETER Models
    The folder whose *.gguf files and GenAI folders (*/genai_config.json) join the default systems (default models).

.PARAMETER Out
    The results folder (default results); every run in it goes on the site.

.PARAMETER Site
    Where the static leaderboard is written (default site).

.PARAMETER SkipSetup
    Do not run scripts/setup.sh (the machine is set up already).

.PARAMETER SkipBuild
    Do not build (the Release build is current).

.PARAMETER SkipThroughput
    Do not profile the GGUF models' throughput.

.PARAMETER Family
    Name of the embedded checkpoint family (default pdtiny): models/<Family>/<Family>-stepNNNN.gguf and
    -Out/training/<Family>/training.json.

.PARAMETER FamilyBackend
    The backend every checkpoint of the family runs through (default onnx: GenAI decodes the 1.87M-parameter checkpoints
    about 4x faster than LLamaSharp, whose per-token cost at this size is llama.cpp's thread synchronisation); the last
    checkpoint also runs through the other one (same weights, same scores: the interchangeability on real output). The
    gate compares runs of this backend.

.PARAMETER SkipFamily
    Neither train nor evaluate the embedded checkpoint family (only the baselines and the models in -Models).

.PARAMETER RunArgs
    Any further arguments go to patchbench run unchanged, e.g. --concurrency 4 or --items a,b.

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./run-bench.ps1
    The whole main job with the default systems.

.EXAMPLE
    dotnet pwsh ./run-bench.ps1 -Limit 20 -Seed 1 -SkipSetup
    A seeded 20-item subset on a machine that is set up already.

.EXAMPLE
    dotnet pwsh ./run-bench.ps1 -System 'llamacpp:models/my.gguf,template=mistral' -Samples 5 --concurrency 2
    One model, five samples per item; --concurrency goes to patchbench run.
#>
[CmdletBinding(PositionalBinding = $false)]
param(
    [int] $Limit,
    [int] $Seed,
    [int] $Samples,
    [string[]] $System,
    [string] $Suite = 'suites/core',
    [string] $Models = 'models',
    [string] $Out = 'results',
    [string] $Site = 'site',
    [switch] $SkipSetup,
    [switch] $SkipBuild,
    [switch] $SkipThroughput,
    [string] $Family = 'pdtiny',
    [ValidateSet('onnx', 'llamacpp')]
    [string] $FamilyBackend = 'onnx',
    [switch] $SkipFamily,
    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]] $RunArgs = @()
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Paths the user gives are relative to where they stand; everything else is relative to the repository.
$Suite = [IO.Path]::GetFullPath($Suite, $PWD.Path)
$Models = [IO.Path]::GetFullPath($Models, $PWD.Path)
$Out = [IO.Path]::GetFullPath($Out, $PWD.Path)
$Site = [IO.Path]::GetFullPath($Site, $PWD.Path)
Set-Location $PSScriptRoot

# Runs one native command as a named step; a non-zero exit stops the script with that code unless -Tolerate says
# the caller reads $LASTEXITCODE itself. Nothing is returned, so the command's output stays on the terminal (and
# its progress display live) instead of being captured.
function Invoke-Step {
    param([string] $Name, [string] $Command, [string[]] $Arguments, [switch] $Tolerate)
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0 -and -not $Tolerate) {
        [Console]::Error.WriteLine("run-bench: step '$Name' failed with exit code ${LASTEXITCODE}: $Command $($Arguments -join ' ')")
        exit $LASTEXITCODE
    }
}

# The patchbench command: the Release build's dll through dotnet, or PATCHBENCH_CLI (a fake one in the tests).
function Invoke-Patchbench {
    param([string] $Name, [string[]] $Arguments, [switch] $Tolerate)
    if ($env:PATCHBENCH_CLI) {
        Invoke-Step -Name $Name -Command $env:PATCHBENCH_CLI -Arguments $Arguments -Tolerate:$Tolerate
        return
    }
    $dll = Join-Path $PSScriptRoot 'src/PatchBench.Cli/bin/Release/net10.0/patchbench.dll'
    Invoke-Step -Name $Name -Command 'dotnet' -Arguments (@($dll) + $Arguments) -Tolerate:$Tolerate
}

# --- DEFAULT FAMILY (issue #17) -----------------------------------------------------------------------------------
# The family is part of the default systems only: a user who names -System gets exactly those.
$script:UseFamily = -not $System -and -not $SkipFamily

# The family's training.json (written by patchbench train), or $null before training.
function Get-FamilyReport {
    $path = Join-Path $Out "training/$Family/training.json"
    if (-not (Test-Path $path)) { return $null }
    return Get-Content -Raw $path | ConvertFrom-Json
}

# The checkpoints in step order: name, step, gguf, onnx; none when the family is not used or not trained.
function Get-FamilyCheckpoints {
    if (-not $script:UseFamily) { return @() }
    $report = Get-FamilyReport
    if ($null -eq $report) { return @() }
    return @($report.checkpoints | Sort-Object { [int]$_.step })
}

# A checkpoint's system spec through one backend: its GGUF for llamacpp:, its GenAI folder for onnx:.
function Get-CheckpointSpec {
    param($Checkpoint, [string] $Backend, [string] $Options)
    $path = if ($Backend -eq 'onnx') { $Checkpoint.onnx } else { $Checkpoint.gguf }
    return "${Backend}:$(Get-RepoRelative $path),$Options"
}

# Every checkpoint through -FamilyBackend, the last also through the other backend (the same weights), with the spec
# options that render prompts as in training (training.json's settings.spec_options).
function Get-DefaultFamilySystems {
    $checkpoints = @(Get-FamilyCheckpoints)
    if ($checkpoints.Count -eq 0) { return @() }
    $options = (Get-FamilyReport).settings.spec_options
    $other = if ($FamilyBackend -eq 'onnx') { 'llamacpp' } else { 'onnx' }
    $specs = @($checkpoints | ForEach-Object { Get-CheckpointSpec $_ $FamilyBackend $options })
    return $specs + (Get-CheckpointSpec $checkpoints[-1] $other $options)
}

# The newest run folder of a checkpoint's -FamilyBackend system (run ids are <suite>-<backend>-<stem>-<hash>).
function Get-CheckpointRun {
    param([string] $Name)
    return Get-ChildItem -Path $Out -Directory -Filter "*-$FamilyBackend-$Name-*" -ErrorAction SilentlyContinue |
        Where-Object { Test-Path (Join-Path $_.FullName 'run.json') } | Sort-Object LastWriteTimeUtc | Select-Object -Last 1
}
# ----------------------------------------------------------------------------------------------------------------

function Get-GgufModels {
    return @(Get-ChildItem -Path $Models -Filter *.gguf -File -ErrorAction SilentlyContinue | Sort-Object Name)
}

# A path as the run records it: relative to the repository when inside it (system ids stay the same on every clone).
function Get-RepoRelative {
    param([string] $Path)
    $relative = [IO.Path]::GetRelativePath($PSScriptRoot, $Path)
    if ($relative.StartsWith('..')) { return $Path } else { return $relative }
}

# The systems of the default benchmark: the ceiling, the model-free baseline, the floor, and every model dropped in.
function Get-DefaultSystems {
    $specs = @('reference', 'retrieval', 'empty')
    foreach ($model in Get-GgufModels) { $specs += "llamacpp:$(Get-RepoRelative $model.FullName)" }
    # ONNX Runtime GenAI folders (genai_config.json + decoder .onnx + tokenizer.json), docs/onnx.md.
    foreach ($config in Get-ChildItem -Path (Join-Path $Models '*/genai_config.json') -File -ErrorAction SilentlyContinue | Sort-Object FullName) {
        $specs += "onnx:$(Get-RepoRelative $config.Directory.FullName)"
    }
    return $specs + @(Get-DefaultFamilySystems)
}

# The system specs in -System. Under `pwsh -File` a list `-System a,b` arrives as the one string "a,b", and a spec has
# commas of its own (`llamacpp:x.gguf,temperature=0.2`): a comma-separated piece with '=' is an option of the spec
# before it, any other piece starts a new spec.
function Split-SystemSpecs {
    param([string[]] $Given)
    $specs = [Collections.Generic.List[string]]::new()
    foreach ($piece in @($Given | ForEach-Object { $_ -split ',' } | Where-Object { $_ -ne '' })) {
        if ($piece.Contains('=') -and $specs.Count -gt 0) { $specs[$specs.Count - 1] += ",$piece" } else { $specs.Add($piece) }
    }
    return , $specs.ToArray()
}

# The arguments of `patchbench run`: only the options the user gave, so the command line's own defaults apply.
function Get-RunArguments {
    $arguments = @('run', '--suite', (Get-RepoRelative $Suite))
    $specs = if ($System) { Split-SystemSpecs $System } else { Get-DefaultSystems }
    foreach ($spec in $specs) { $arguments += @('--system', $spec) }
    $arguments += @('--out', (Get-RepoRelative $Out))
    if ($script:LimitGiven) { $arguments += @('--limit', "$Limit") }
    if ($script:SeedGiven) { $arguments += @('--seed', "$Seed") }
    if ($script:SamplesGiven) { $arguments += @('--samples', "$Samples") }
    return $arguments + $RunArgs
}
$script:LimitGiven = $PSBoundParameters.ContainsKey('Limit')
$script:SeedGiven = $PSBoundParameters.ContainsKey('Seed')
$script:SamplesGiven = $PSBoundParameters.ContainsKey('Samples')

if (-not $SkipSetup) { Invoke-Step -Name 'set-up' -Command 'bash' -Arguments @('scripts/setup.sh') }
if (-not $SkipBuild -and -not $env:PATCHBENCH_CLI) {
    Invoke-Step -Name 'build' -Command 'dotnet' -Arguments @('build', 'PatchBench.sln', '-c', 'Release', '--nologo', '--verbosity', 'quiet')
}

if ($script:UseFamily) {
    # Cached: with the same data, code and settings this finds the checkpoints and returns at once. The held-out suite is
    # train's default, suites/core, whatever -Suite is: one family, checked against the suite it is meant for.
    Invoke-Patchbench -Name 'train' -Arguments @('train', '--family', $Family, '--models', (Get-RepoRelative $Models), '--results', (Get-RepoRelative $Out))
    Write-Host ''
}

# A failed run (1) keeps its finished samples, so the site still shows them; unusable input (2) stops here.
Invoke-Patchbench -Name 'run' -Arguments (Get-RunArguments) -Tolerate
$runCode = $LASTEXITCODE
if ($runCode -ne 0 -and $runCode -ne 1) {
    [Console]::Error.WriteLine("run-bench: step 'run' failed with exit code $runCode")
    exit $runCode
}
Write-Host ''

# A llama-bench-style throughput profile of each GGUF model for the site's throughput page (once per model).
if (-not $SkipThroughput) {
    $throughput = Join-Path $Out 'throughput'
    $familyModels = @(Get-FamilyCheckpoints | ForEach-Object { Get-Item $_.gguf -ErrorAction SilentlyContinue } | Where-Object { $_ })
    foreach ($model in @(Get-GgufModels) + $familyModels) {
        if (Get-ChildItem -Path (Join-Path $throughput "throughput-$($model.BaseName)-cpu-*.json") -ErrorAction SilentlyContinue) { continue }
        Invoke-Patchbench -Name "throughput $($model.Name)" -Arguments @('throughput', '--model', (Get-RepoRelative $model.FullName), '--repetitions', '3', '--out', (Get-RepoRelative $throughput))
    }
}

# The gate a CI job would run on a new checkpoint: the last one against the one before, on the site as Markdown.
$checkpoints = @(Get-FamilyCheckpoints)
if ($checkpoints.Count -ge 2) {
    $candidate = Get-CheckpointRun $checkpoints[-1].name
    $baseline = Get-CheckpointRun $checkpoints[-2].name
    if ($candidate -and $baseline) {
        $gateDir = Join-Path $Out 'gate'
        New-Item -ItemType Directory -Force $gateDir | Out-Null
        $summary = Join-Path $gateDir "$($checkpoints[-1].name).md"
        Remove-Item -Force $summary -ErrorAction SilentlyContinue # gate appends to --summary
        Invoke-Patchbench -Name 'gate' -Arguments @('gate', '--baseline', (Get-RepoRelative $baseline.FullName), '--candidate',
            (Get-RepoRelative $candidate.FullName), '--summary', (Get-RepoRelative $summary)) -Tolerate
        if ($LASTEXITCODE -eq 1) { Write-Host "run-bench: the gate found $($checkpoints[-1].name) significantly worse than $($checkpoints[-2].name) (see $summary)" }
        elseif ($LASTEXITCODE -ne 0) {
            [Console]::Error.WriteLine("run-bench: step 'gate' failed with exit code $LASTEXITCODE")
            exit $LASTEXITCODE
        }
        Write-Host ''
    }
}

Invoke-Patchbench -Name 'site' -Arguments @('site', '--results', (Get-RepoRelative $Out), '--out', (Get-RepoRelative $Site))
Write-Host ''
Write-Host "Results: $Out (one folder per run: run.json with aggregates, samples.jsonl per sample)."
Write-Host "Compare two runs:  dotnet src/PatchBench.Cli/bin/Release/net10.0/patchbench.dll compare RESULTS/A RESULTS/B"
Write-Host "Leaderboard: file://$(Join-Path $Site 'index.html')"
if ($runCode -ne 0) {
    [Console]::Error.WriteLine("run-bench: the run failed (exit 1); the site shows the samples that finished")
}
exit $runCode
