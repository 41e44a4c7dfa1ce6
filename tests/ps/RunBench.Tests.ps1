# Pester tests of run-bench.ps1, the main job. Most run the script against a fake patchbench (PATCHBENCH_CLI) that
# records each command line it is given, so they check what the script composes; the Integration one runs the real
# command line twice and checks that the second run reuses the first one's samples.

BeforeAll {
    $script:Repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:RunBench = Join-Path $Repo 'run-bench.ps1'

    # Runs run-bench.ps1 in its own pwsh process (it calls `exit`), from $Repo, with a fresh fake patchbench.
    # FAKE_EXIT_<COMMAND> (e.g. FAKE_EXIT_RUN=2) makes that command fail. Returns exit code, output and commands seen.
    function Invoke-RunBench {
        param([string[]] $Arguments, [hashtable] $FailWith = @{}, [switch] $RealCli)
        $log = Join-Path $TestDrive "calls-$([guid]::NewGuid().ToString('N')).log"
        $fake = Join-Path $TestDrive 'fake-patchbench'
        Set-Content -Path $fake -Value @'
#!/usr/bin/env bash
# One line per call: the arguments joined by a unit separator, so an argument's own spaces and commas survive.
( IFS=$'\x1f'; echo "$*" ) >> "$FAKE_LOG"
echo "fake patchbench $1"
var="FAKE_EXIT_${1^^}"
exit "${!var:-0}"
'@
        & chmod +x $fake
        $saved = @{}
        $env_ = @{ FAKE_LOG = $log; PATCHBENCH_CLI = $(if ($RealCli) { $null } else { $fake }) }
        foreach ($k in $FailWith.Keys) { $env_["FAKE_EXIT_$($k.ToUpperInvariant())"] = "$($FailWith[$k])" }
        foreach ($k in $env_.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $env_[$k]) }
        try {
            Push-Location $Repo
            $output = & ([Environment]::ProcessPath) (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $RunBench @Arguments 2>&1 |
                ForEach-Object { "$_" }
            $code = $LASTEXITCODE
        }
        finally {
            Pop-Location
            foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        }
        $calls = if (Test-Path $log) { @(Get-Content $log | ForEach-Object { , ($_ -split [char]0x1f) }) } else { @() }
        return [pscustomobject]@{ Code = $code; Output = ($output -join "`n"); Calls = $calls }
    }

    # The arguments of the first call whose command is $Command, one per pipeline item (nothing when never called).
    function Get-Call {
        param($Result, [string] $Command)
        foreach ($call in $Result.Calls) { if ($call[0] -eq $Command) { return $call } }
    }
}

Describe 'run-bench.ps1 help' {
    It 'documents every parameter through Get-Help' {
        $help = Get-Help $RunBench -Full
        $help.Synopsis | Should -Match 'main job'
        $names = $help.parameters.parameter.name
        foreach ($p in 'Limit', 'Seed', 'Samples', 'System', 'Suite', 'Models', 'Out', 'Site', 'SkipSetup', 'SkipBuild', 'SkipThroughput') {
            $names | Should -Contain $p
            ($help.parameters.parameter | Where-Object name -eq $p).description.Text | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'run-bench.ps1 composes the patchbench commands' {
    It 'passes -Limit, -Seed, -Samples, -Suite, -Out, -System and extra arguments through to patchbench run' {
        $out = Join-Path $TestDrive 'res'
        $r = Invoke-RunBench @('-SkipSetup', '-SkipThroughput', '-Limit', '3', '-Seed', '7', '-Samples', '2', '-Suite', 'suites/fewshot',
            '-Out', $out, '-System', 'reference,llamacpp:m.gguf,temperature=0.2,seed=1,empty', '--concurrency', '4')
        $r.Code | Should -Be 0
        $run = Get-Call $r 'run'
        $run | Should -Be @('run', '--suite', 'suites/fewshot', '--system', 'reference', '--system', 'llamacpp:m.gguf,temperature=0.2,seed=1',
            '--system', 'empty', '--out', $out, '--limit', '3', '--seed', '7', '--samples', '2', '--concurrency', '4')
        Get-Call $r 'site' | Should -Be @('site', '--results', $out, '--out', 'site')
        $r.Output | Should -Match ([regex]::Escape("Leaderboard: file://$Repo/site/index.html"))
    }

    It 'gives patchbench run only the options the user set, so its own defaults apply' {
        $r = Invoke-RunBench @('-SkipSetup', '-SkipThroughput', '-SkipFamily', '-Models', (Join-Path $TestDrive 'no-models'))
        $r.Code | Should -Be 0
        Get-Call $r 'run' | Should -Be @('run', '--suite', 'suites/core', '--system', 'reference', '--system', 'retrieval', '--system', 'empty',
            '--out', 'results')
    }

    It 'adds every GGUF model and GenAI folder in -Models to the default systems and profiles each GGUF once' {
        $models = Join-Path $TestDrive 'models'
        New-Item -ItemType Directory -Force (Join-Path $models 'tiny-onnx') | Out-Null
        Set-Content (Join-Path $models 'b.gguf') 'x'; Set-Content (Join-Path $models 'a.gguf') 'x'
        Set-Content (Join-Path $models 'tiny-onnx/genai_config.json') '{}'
        $out = Join-Path $TestDrive 'res-models'
        # a.gguf was profiled before: only b.gguf is profiled now.
        New-Item -ItemType Directory -Force (Join-Path $out 'throughput') | Out-Null
        Set-Content (Join-Path $out 'throughput/throughput-a-cpu-2cores.json') '{}'
        $r = Invoke-RunBench @('-SkipSetup', '-Models', $models, '-Out', $out)
        $r.Code | Should -Be 0
        $systems = (Get-Call $r 'run') | Select-Object -Skip 1
        $systems | Should -Contain "llamacpp:$models/a.gguf"
        $systems | Should -Contain "llamacpp:$models/b.gguf"
        $systems | Should -Contain "onnx:$models/tiny-onnx"
        $throughput = @($r.Calls | Where-Object { $_[0] -eq 'throughput' })
        $throughput.Count | Should -Be 1
        $throughput[0] | Should -Be @('throughput', '--model', "$models/b.gguf", '--repetitions', '3', '--out', "$out/throughput")
    }
}

Describe 'run-bench.ps1 with the embedded checkpoint family' {
    BeforeAll {
        # What `patchbench train` leaves behind (the fake CLI trains nothing): four checkpoints and training.json, and
        # run folders of the last two checkpoints as `patchbench run` names them.
        function New-Family {
            param([string] $Root)
            $models = Join-Path $Root 'models'
            $out = Join-Path $Root 'res'
            $checkpoints = foreach ($step in 512, 64, 256, 128) { # out of order: the script sorts by step
                $name = 'pdtiny-step{0:D4}' -f $step
                $gguf = Join-Path $models "pdtiny/$name.gguf"
                $onnx = Join-Path $models "pdtiny/onnx/$name"
                New-Item -ItemType Directory -Force $onnx | Out-Null
                Set-Content $gguf 'x'; Set-Content (Join-Path $onnx 'genai_config.json') '{}'
                @{ name = $name; step = $step; tokens = $step * 4096; loss = 1.0; gguf = $gguf; onnx = $onnx }
            }
            New-Item -ItemType Directory -Force (Join-Path $out 'training/pdtiny') | Out-Null
            @{ family = 'pdtiny'; settings = @{ spec_options = 'template=raw,system=none,fewshot=0' }; checkpoints = @($checkpoints) } |
                ConvertTo-Json -Depth 5 | Set-Content (Join-Path $out 'training/pdtiny/training.json')
            foreach ($run in 'core-onnx-pdtiny-step0256-0123456789', 'core-onnx-pdtiny-step0512-abcdef0123',
                'core-llamacpp-pdtiny-step0256-1111111111', 'core-llamacpp-pdtiny-step0512-2222222222') {
                New-Item -ItemType Directory -Force (Join-Path $out $run) | Out-Null
                Set-Content (Join-Path $out "$run/run.json") '{}'
            }
            return [pscustomobject]@{ Models = $models; Out = $out }
        }
    }

    It 'trains the family, runs every checkpoint through onnx: (the last also through llamacpp:), profiles each and gates the last against the one before' {
        $f = New-Family (Join-Path $TestDrive 'fam')
        New-Item -ItemType Directory -Force (Join-Path $f.Out 'gate') | Out-Null
        Set-Content (Join-Path $f.Out 'gate/pdtiny-step0512.md') 'stale summary of an earlier main job'
        $r = Invoke-RunBench @('-SkipSetup', '-Models', $f.Models, '-Out', $f.Out)
        $r.Code | Should -Be 0 -Because $r.Output
        Get-Call $r 'train' | Should -Be @('train', '--family', 'pdtiny', '--models', $f.Models, '--results', $f.Out)
        $order = @($r.Calls | ForEach-Object { $_[0] })
        [array]::IndexOf($order, 'train') | Should -BeLessThan ([array]::IndexOf($order, 'run'))
        $o = 'template=raw,system=none,fewshot=0'
        $systems = @((Get-Call $r 'run') | Select-Object -Skip 1)
        $family = @($systems | Where-Object { $_ -like '*pdtiny*' })
        $family | Should -Be @(
            "onnx:$($f.Models)/pdtiny/onnx/pdtiny-step0064,$o", "onnx:$($f.Models)/pdtiny/onnx/pdtiny-step0128,$o",
            "onnx:$($f.Models)/pdtiny/onnx/pdtiny-step0256,$o", "onnx:$($f.Models)/pdtiny/onnx/pdtiny-step0512,$o",
            "llamacpp:$($f.Models)/pdtiny/pdtiny-step0512.gguf,$o")
        $systems | Should -Contain 'reference'
        $profiled = @($r.Calls | Where-Object { $_[0] -eq 'throughput' } | ForEach-Object { Split-Path -Leaf $_[2] })
        $profiled | Should -Be @('pdtiny-step0064.gguf', 'pdtiny-step0128.gguf', 'pdtiny-step0256.gguf', 'pdtiny-step0512.gguf')
        Get-Call $r 'gate' | Should -Be @('gate', '--baseline', "$($f.Out)/core-onnx-pdtiny-step0256-0123456789",
            '--candidate', "$($f.Out)/core-onnx-pdtiny-step0512-abcdef0123", '--summary', "$($f.Out)/gate/pdtiny-step0512.md")
        Test-Path (Join-Path $f.Out 'gate/pdtiny-step0512.md') | Should -BeFalse -Because 'gate appends, so the old summary goes first'
        [array]::IndexOf($order, 'gate') | Should -BeLessThan ([array]::IndexOf($order, 'site'))
    }

    It 'runs and gates the family through llamacpp: with -FamilyBackend llamacpp, the last checkpoint also through onnx:' {
        $f = New-Family (Join-Path $TestDrive 'fam-llama')
        $r = Invoke-RunBench @('-SkipSetup', '-SkipThroughput', '-Models', $f.Models, '-Out', $f.Out, '-FamilyBackend', 'llamacpp')
        $r.Code | Should -Be 0 -Because $r.Output
        $o = 'template=raw,system=none,fewshot=0'
        $family = @((Get-Call $r 'run') | Select-Object -Skip 1 | Where-Object { $_ -like '*pdtiny*' })
        $family | Should -Be @(
            "llamacpp:$($f.Models)/pdtiny/pdtiny-step0064.gguf,$o", "llamacpp:$($f.Models)/pdtiny/pdtiny-step0128.gguf,$o",
            "llamacpp:$($f.Models)/pdtiny/pdtiny-step0256.gguf,$o", "llamacpp:$($f.Models)/pdtiny/pdtiny-step0512.gguf,$o",
            "onnx:$($f.Models)/pdtiny/onnx/pdtiny-step0512,$o")
        Get-Call $r 'gate' | Should -Be @('gate', '--baseline', "$($f.Out)/core-llamacpp-pdtiny-step0256-1111111111",
            '--candidate', "$($f.Out)/core-llamacpp-pdtiny-step0512-2222222222", '--summary', "$($f.Out)/gate/pdtiny-step0512.md")
    }

    It 'reports a regression the gate finds (exit 1) and still builds the site' {
        $f = New-Family (Join-Path $TestDrive 'fam-regress')
        $r = Invoke-RunBench @('-SkipSetup', '-SkipThroughput', '-Models', $f.Models, '-Out', $f.Out) -FailWith @{ gate = 1 }
        $r.Code | Should -Be 0
        $r.Output | Should -Match 'the gate found pdtiny-step0512 significantly worse than pdtiny-step0256'
        Get-Call $r 'site' | Should -Not -BeNullOrEmpty
    }

    It 'stops when training fails, before the run' {
        $f = New-Family (Join-Path $TestDrive 'fam-fail')
        $r = Invoke-RunBench @('-SkipSetup', '-Models', $f.Models, '-Out', $f.Out) -FailWith @{ train = 1 }
        $r.Code | Should -Be 1
        $r.Output | Should -Match "run-bench: step 'train' failed with exit code 1"
        Get-Call $r 'run' | Should -BeNullOrEmpty
    }

    It 'leaves the family out when -System names the systems or -SkipFamily is given' {
        $f = New-Family (Join-Path $TestDrive 'fam-skip')
        foreach ($arguments in @(@('-System', 'reference'), @('-SkipFamily'))) {
            $r = Invoke-RunBench (@('-SkipSetup', '-Models', $f.Models, '-Out', $f.Out) + $arguments)
            $r.Code | Should -Be 0
            Get-Call $r 'train' | Should -BeNullOrEmpty
            Get-Call $r 'gate' | Should -BeNullOrEmpty
            (Get-Call $r 'run') -join ' ' | Should -Not -Match 'pdtiny'
            @($r.Calls | Where-Object { $_[0] -eq 'throughput' }).Count | Should -Be 0
        }
    }
}

Describe 'run-bench.ps1 stops at a failing step' {
    It 'stops with the step''s message and exit code when the run has unusable input (2), building no site' {
        $r = Invoke-RunBench @('-SkipSetup', '-SkipThroughput') -FailWith @{ run = 2 }
        $r.Code | Should -Be 2
        $r.Output | Should -Match "run-bench: step 'run' failed with exit code 2"
        Get-Call $r 'site' | Should -BeNullOrEmpty
    }

    It 'still builds the site from the finished samples when the run failed (1), then exits 1' {
        $r = Invoke-RunBench @('-SkipSetup', '-SkipThroughput') -FailWith @{ run = 1 }
        $r.Code | Should -Be 1
        Get-Call $r 'site' | Should -Not -BeNullOrEmpty
        $r.Output | Should -Match 'the run failed \(exit 1\)'
    }

    It 'stops at a failing throughput profile with its exit code, before the site' {
        $models = Join-Path $TestDrive 'models-fail'
        New-Item -ItemType Directory -Force $models | Out-Null
        Set-Content (Join-Path $models 'm.gguf') 'x'
        $r = Invoke-RunBench @('-SkipSetup', '-Models', $models, '-Out', (Join-Path $TestDrive 'res-fail')) -FailWith @{ throughput = 3 }
        $r.Code | Should -Be 3
        $r.Output | Should -Match "run-bench: step 'throughput m.gguf' failed with exit code 3: "
        Get-Call $r 'site' | Should -BeNullOrEmpty
    }

    It 'exits with the site''s exit code when the site cannot be built' {
        $r = Invoke-RunBench @('-SkipSetup', '-SkipThroughput') -FailWith @{ site = 2 }
        $r.Code | Should -Be 2
        $r.Output | Should -Match "run-bench: step 'site' failed with exit code 2"
        $r.Output | Should -Not -Match 'Leaderboard: file://'
    }
}

Describe 'run-bench.ps1 with the real command line' -Tag 'Integration' {
    It 'reuses the finished samples on a second run' {
        $cli = Join-Path $Repo 'src/PatchBench.Cli/bin/Release/net10.0/patchbench.dll'
        if (-not (Test-Path $cli)) { Set-ItResult -Skipped -Because "the Release build ($cli) is not there: run scripts/test.sh"; return }
        $out = Join-Path $TestDrive 'real-results'
        $site = Join-Path $TestDrive 'real-site'
        $arguments = @('-SkipSetup', '-SkipBuild', '-SkipThroughput', '-System', 'reference,empty', '-Limit', '2', '-Seed', '1', '-Out', $out, '-Site', $site)
        $first = Invoke-RunBench $arguments -RealCli
        $first.Code | Should -Be 0 -Because $first.Output
        $samples = @(Get-ChildItem $out -Recurse -Filter samples.jsonl)
        $samples.Count | Should -Be 2
        $before = $samples | ForEach-Object { Get-FileHash $_.FullName } | ForEach-Object Hash
        (Get-Content $samples[0].FullName).Count | Should -Be 2
        Test-Path (Join-Path $site 'index.html') | Should -BeTrue

        $second = Invoke-RunBench $arguments -RealCli
        $second.Code | Should -Be 0 -Because $second.Output
        $second.Output | Should -Match 'resuming: 2 samples already done, 0 to do'
        $after = Get-ChildItem $out -Recurse -Filter samples.jsonl | ForEach-Object { Get-FileHash $_.FullName } | ForEach-Object Hash
        $after | Should -Be $before
    }
}
